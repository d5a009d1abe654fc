import { describe, expect, it } from 'vitest';
import {
  formatBreach,
  formatBreaches,
  formatDrift,
  formatDuration,
  formatErrorRate,
  formatLatency,
  formatMetric,
  formatMetricValue,
  formatProgress,
} from './format-values.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  it.each([
    [23 * SECOND, '23s'],
    [23 * SECOND + 999, '23s'],
    [59 * SECOND, '59s'],
    [MINUTE, '1m'],
    [4 * MINUTE + 12 * SECOND, '4m 12s'],
    [12 * MINUTE, '12m'],
    [HOUR, '1h'],
    [HOUR + 5 * MINUTE, '1h 5m'],
    [HOUR + 5 * MINUTE + 30 * SECOND, '1h 5m'],
    [HOUR + 30 * SECOND, '1h'],
    [2 * DAY + 3 * HOUR + 4 * MINUTE, '2d 3h'],
    [DAY + 59 * MINUTE, '1d'],
  ])('%d ms reads %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('says <1s for under a second, 0s for nothing or negative time, n/a for not a number', () => {
    expect(formatDuration(1)).toBe('<1s');
    expect(formatDuration(999)).toBe('<1s');
    expect(formatDuration(1000)).toBe('1s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(-5 * SECOND)).toBe('0s');
    expect(formatDuration(Number.NaN)).toBe('n/a');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('n/a');
  });
});

describe('SLO values', () => {
  it('rounds latency to whole milliseconds as the seed does', () => {
    expect(formatLatency(420)).toBe('420ms');
    expect(formatLatency(419.6)).toBe('420ms');
    expect(formatLatency(420.5)).toBe('421ms');
    expect(formatLatency(9999)).toBe('9999ms');
  });

  it('shows error rate ×100 with one decimal as the seed does', () => {
    expect(formatErrorRate(0.008)).toBe('0.8%');
    expect(formatErrorRate(0.02)).toBe('2.0%');
    expect(formatErrorRate(1)).toBe('100.0%');
    expect(formatErrorRate(0)).toBe('0.0%');
  });

  it('shows drift with two decimals', () => {
    expect(formatDrift(0.2)).toBe('0.20');
    expect(formatDrift(0.15)).toBe('0.15');
    expect(formatDrift(1)).toBe('1.00');
  });

  it('says n/a for values that are not finite', () => {
    expect(formatLatency(Number.NaN)).toBe('n/a');
    expect(formatErrorRate(Number.POSITIVE_INFINITY)).toBe('n/a');
    expect(formatDrift(Number.NaN)).toBe('n/a');
  });

  it('labels each metric in its unit', () => {
    expect(formatMetricValue('latency_p95_ms', 500)).toBe('500ms');
    expect(formatMetric('latency_p95_ms', 420)).toBe('lat=420ms');
    expect(formatMetric('error_rate', 0.008)).toBe('err=0.8%');
    expect(formatMetric('drift', 0.2)).toBe('drift=0.20');
  });

  it('writes a breach as observed > target and lists every breach', () => {
    expect(formatBreach({ metric: 'latency_p95_ms', value: 900, target: 500 })).toBe('lat=900ms > 500ms');
    expect(
      formatBreaches([
        { metric: 'latency_p95_ms', value: 900, target: 500 },
        { metric: 'error_rate', value: 0.02, target: 0.01 },
        { metric: 'drift', value: 0.2, target: 0.15 },
      ]),
    ).toBe('lat=900ms > 500ms, err=2.0% > 1.0%, drift=0.20 > 0.15');
    expect(formatBreaches([])).toBe('');
  });

  it('writes an error-budget breach as a burn rate, and says when a breach is a dry run', () => {
    expect(formatBreach({ metric: 'error_budget', value: 20, target: 14.4 })).toBe('burn=20x > 14.4x');
    expect(formatBreach({ metric: 'drift', value: 0.2, target: 0.15, dryRun: true })).toBe(
      'drift=0.20 > 0.15 (dry run)',
    );
  });
});

describe('formatProgress', () => {
  it('shows 0..1 as a whole percent, floored and clamped', () => {
    expect(formatProgress(0.4)).toBe('40%');
    expect(formatProgress(0.29)).toBe('29%');
    expect(formatProgress(0.999)).toBe('99%');
    expect(formatProgress(1)).toBe('100%');
    expect(formatProgress(0)).toBe('0%');
    expect(formatProgress(1.5)).toBe('100%');
    expect(formatProgress(-0.1)).toBe('0%');
    expect(formatProgress(Number.NaN)).toBe('n/a');
  });
});
