import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT_OPTIONS, reconnectDelay } from './reconnect-delay.ts';

const at = (value: number) => () => value;

describe('reconnectDelay', () => {
  it('draws the first delay from 250–1000 ms', () => {
    expect(reconnectDelay({ attempt: 1, random: at(0) })).toBe(250);
    expect(reconnectDelay({ attempt: 1, random: at(0.5) })).toBe(625);
    expect(reconnectDelay({ attempt: 1, random: at(0.999_999) })).toBe(1000);
    for (let draw = 0; draw < 200; draw += 1) {
      const delay = reconnectDelay({ attempt: 1, random: Math.random });
      expect(delay).toBeGreaterThanOrEqual(250);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });

  it('doubles the window per failure in a row', () => {
    const lows = [1, 2, 3, 4].map((attempt) => reconnectDelay({ attempt, random: at(0) }));
    const highs = [1, 2, 3, 4].map((attempt) => reconnectDelay({ attempt, random: at(0.999_999) }));
    expect(lows).toEqual([250, 500, 1000, 2000]);
    expect(highs).toEqual([1000, 2000, 4000, 8000]);
  });

  it('caps at 30 s and still spreads clients out there', () => {
    for (const attempt of [8, 9, 20, 1000]) {
      expect(reconnectDelay({ attempt, random: at(0.999_999) })).toBe(30_000);
      expect(reconnectDelay({ attempt, random: at(0) })).toBe(22_500);
    }
  });

  it("takes the server's retry: as the floor, with the jitter on top", () => {
    expect(reconnectDelay({ attempt: 1, serverRetryMs: 2000, random: at(0) })).toBe(2000);
    expect(reconnectDelay({ attempt: 1, serverRetryMs: 2000, random: at(0.999_999) })).toBe(2750);
    expect(reconnectDelay({ attempt: 2, serverRetryMs: 2000, random: at(0) })).toBe(4000);
    expect(reconnectDelay({ attempt: 1, serverRetryMs: 0, random: at(0) })).toBe(0);
  });

  it('treats a broken random source as 0 or 1', () => {
    expect(reconnectDelay({ attempt: 1, random: at(Number.NaN) })).toBe(250);
    expect(reconnectDelay({ attempt: 1, random: at(7) })).toBe(1000);
  });

  it('honours custom options', () => {
    const options = { ...DEFAULT_RECONNECT_OPTIONS, minDelayMs: 10, maxDelayMs: 20, factor: 3, capMs: 100 };
    expect(reconnectDelay({ attempt: 3, random: at(0), options })).toBe(90);
    expect(reconnectDelay({ attempt: 4, random: at(0), options })).toBe(75);
  });
});
