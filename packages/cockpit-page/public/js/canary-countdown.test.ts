import { describe, expect, it } from 'vitest';
import { canaryCountdown } from './canary-countdown.js';

const startedAt = '2026-01-01T10:00:00.000Z';
const windowEndsAt = '2026-01-01T10:02:00.000Z';
const at = (seconds: number) => Date.parse(startedAt) + seconds * 1000;

describe('canaryCountdown', () => {
  it('counts a running window canary down to its decision', () => {
    expect(canaryCountdown({ status: 'running', startedAt, windowEndsAt }, at(40))).toEqual({
      fraction: 1 / 3,
      text: 'window 40s of 2m · decides in 1m 20s',
      remainingMs: 80_000,
    });
  });

  it('says a canary with steps rolls back unless its steps finish in time', () => {
    const countdown = canaryCountdown({ status: 'paused', startedAt, windowEndsAt, stepped: true }, at(10));
    expect(countdown.text).toBe('window 10s of 2m · rolls back unless the steps finish in 1m 50s');
  });

  it('counts down the timed pause in progress of a canary with steps', () => {
    const pause = { seconds: 30, startedAt: '2026-01-01T10:00:05.000Z' };
    expect(
      canaryCountdown({ status: 'running', startedAt, windowEndsAt, stepped: true, pause }, at(20)).text,
    ).toBe('window 20s of 2m · pause 30s: next step in 15s');
    expect(
      canaryCountdown({ status: 'running', startedAt, windowEndsAt, stepped: true, pause }, at(40)).text,
    ).toBe('window 40s of 2m · pause 30s: next step due');
  });

  it('says deciding once the window is over and no decision has come yet', () => {
    expect(canaryCountdown({ status: 'running', startedAt, windowEndsAt }, at(130))).toEqual({
      fraction: 1,
      text: 'window 2m of 2m · deciding…',
      remainingMs: 0,
    });
  });

  it('says when a decided canary was decided, not a countdown', () => {
    const decided = canaryCountdown(
      { status: 'rolled_back', startedAt, windowEndsAt, decidedAt: '2026-01-01T10:00:30.000Z' },
      at(100),
    );
    expect(decided).toEqual({
      fraction: 0.25,
      text: 'decided after 30s of the 2m window',
      remainingMs: null,
    });
  });

  it('says nothing without a window to count', () => {
    expect(canaryCountdown({ status: 'running', startedAt: undefined, windowEndsAt }, at(1)).text).toBe('');
  });
});
