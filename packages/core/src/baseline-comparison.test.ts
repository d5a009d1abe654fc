import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BaselineComparisonInput, compareWithBaseline, median } from './baseline-comparison.ts';
import table from './fixtures/mwu-table.json' with { type: 'json' };

const caseNamed = (fragment: string) => {
  const entry = table.cases.find((candidate) => candidate.name.includes(fragment));
  if (entry === undefined) throw new Error(`no table case named like ${fragment}`);
  return entry;
};

/** A table case's two series alone. */
const seriesNamed = (fragment: string) => {
  const { canary, baseline } = caseNamed(fragment);
  return { canary, baseline };
};

type LatencyInput = Partial<BaselineComparisonInput> & Pick<BaselineComparisonInput, 'canary' | 'baseline'>;

/** The usual comparison here: latency, 10% allowed, 3 values needed on each side. */
function latency(input: LatencyInput) {
  return compareWithBaseline({
    metric: 'latency_p95_ms',
    allowed: { maxIncreasePct: 10 },
    minSamples: 3,
    ...input,
  });
}

describe('compareWithBaseline', () => {
  it('calls a canary 33% slower than its baseline High, with the figures behind it', () => {
    const { canary, baseline, pGreater, hodgesLehmann } = caseNamed('+33%');
    const result = latency({ canary, baseline });
    expect(result.verdict).toBe('High');
    expect(result.test?.pGreater).toBeCloseTo(pGreater, 9);
    expect(result.shift?.estimate).toBe(hodgesLehmann.estimate);
    expect(result.allowedIncrease).toBeCloseTo((result.baselineMedian as number) * 0.1, 9);
    expect(result.reason).toMatch(/^latency_p95_ms \+3\d(\.\d)?% vs baseline \(p<0\.0001, allowed \+10%\)$/);
  });

  it.each<[title: string, input: LatencyInput, expected: Record<string, unknown>]>([
    [
      'passes a significant regression that stays within the allowed increase',
      { ...seriesNamed('+33%'), allowed: { maxIncreasePct: 50 } },
      { verdict: 'Pass', reason: expect.stringContaining('worse, within the allowed increase') },
    ],
    [
      'passes a shift beyond the allowance that is not significant (a single pair proves nothing)',
      { canary: [900], baseline: [100], allowed: { maxIncrease: 10 }, minSamples: 1 },
      {
        verdict: 'Pass',
        shift: { lower: null },
        reason: 'latency_p95_ms +800 vs baseline (p=0.5, allowed +10): no significant difference',
      },
    ],
    [
      'calls a canary significantly better Low, which is not a failure',
      seriesNamed('20% better'),
      {
        verdict: 'Low',
        reason: expect.stringMatching(
          /^latency_p95_ms −2\d(\.\d)?% vs baseline \(p<0\.0001, allowed \+10%\): better than baseline$/,
        ),
      },
    ],
    [
      // 3 against 3, all larger: the exact test's least p, 1/20, exactly the significance level.
      'needs p strictly below 1 − confidence: an exact p of 1/20 is not significant at 0.95',
      { canary: [540, 560, 550], baseline: [400, 410, 395] },
      {
        test: { pGreater: 0.05 },
        verdict: 'Pass',
        reason: 'latency_p95_ms +37.5% vs baseline (p=0.05, allowed +10%): no significant difference',
      },
    ],
  ])('%s', (_title, input, expected) => {
    expect(latency(input)).toMatchObject(expected);
  });

  it('judges an absolute allowance in the metric unit', () => {
    const { canary, baseline } = caseNamed('error rates, heavy ties');
    const strict = compareWithBaseline(strictInput(canary, baseline));
    const loose = compareWithBaseline({ ...strictInput(canary, baseline), allowed: { maxIncrease: 0.005 } });
    expect(strict.verdict).toBe('High');
    expect(strict.allowedIncrease).toBe(0.001);
    expect(strict.reason).toBe('error_rate +0.002 vs baseline (p<0.0001, allowed +0.001)');
    expect(loose.verdict).toBe('Pass');
  });

  it('has NoData when either side has fewer than minSamples, or none at all', () => {
    const short = compareWithBaseline({
      metric: 'drift',
      canary: [0.1, 0.2],
      baseline: [0.1, 0.1, 0.1],
      allowed: { maxIncrease: 0.05 },
      minSamples: 3,
    });
    expect(short.verdict).toBe('NoData');
    expect(short.test).toBeNull();
    expect(short.reason).toBe('drift: no data (canary 2, baseline 3 samples; 3 needed on each side)');
    const empty = compareWithBaseline({
      metric: 'drift',
      canary: [],
      baseline: [0.1],
      allowed: { maxIncrease: 0.05 },
      minSamples: 0,
    });
    expect(empty.verdict).toBe('NoData');
  });

  it('never calls an identical series High, whatever the allowance', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.constantFrom(0.5, 0.9, 0.95, 0.999),
        (series, percent, confidence) => {
          const result = compareWithBaseline({
            metric: 'latency_p95_ms',
            canary: series,
            baseline: [...series],
            allowed: { maxIncreasePct: percent },
            confidence,
            minSamples: 1,
          });
          expect(result.verdict).toBe('Pass');
        },
      ),
    );
  });

  it('uses 0.95 unless told otherwise', () => {
    const { canary, baseline } = caseNamed('50 vs 200');
    expect(compareWithBaseline(strictInput(canary, baseline)).confidence).toBe(0.95);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

function strictInput(canary: number[], baseline: number[]) {
  return {
    metric: 'error_rate',
    canary,
    baseline,
    allowed: { maxIncrease: 0.001 },
    minSamples: 3,
  };
}
