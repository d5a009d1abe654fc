import { describe, expect, it } from 'vitest';
import { formatDuration, timeTicks, valueTicks } from './chart-scale.js';

describe('formatDuration', () => {
  it('says a span as people say it, rounded down to the second', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-500)).toBe('0s');
    expect(formatDuration(45_900)).toBe('45s');
    expect(formatDuration(80_000)).toBe('1m 20s');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(7_500_000)).toBe('2h 5m');
    expect(formatDuration(3_600_000)).toBe('1h');
  });
});

describe('valueTicks', () => {
  it('ends on a round number at or above the largest value', () => {
    expect(valueTicks(523)).toEqual({ top: 600, ticks: [0, 200, 400, 600] });
    expect(valueTicks(0.05)).toEqual({ top: 0.06, ticks: [0, 0.02, 0.04, 0.06] });
    expect(valueTicks(0.3)).toEqual({ top: 0.3, ticks: [0, 0.1, 0.2, 0.3] });
  });

  it('draws an axis from 0 to 1 when there is nothing to scale', () => {
    expect(valueTicks(0).top).toBe(1);
    expect(valueTicks(Number.NaN).top).toBe(1);
  });
});

describe('timeTicks', () => {
  it('labels round offsets from the start of the window', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    expect(timeTicks(from, from + 300_000).map((tick) => tick.label)).toEqual(['0s', '2m', '4m']);
    expect(timeTicks(from, from + 10_000).map((tick) => tick.label)).toEqual(['0s', '5s', '10s']);
    expect(timeTicks(from, from + 10_000)[1]?.at).toBe(from + 5_000);
  });

  it('copes with an empty span', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    expect(timeTicks(from, from).map((tick) => tick.label)).toEqual(['0s', '1s']);
  });
});
