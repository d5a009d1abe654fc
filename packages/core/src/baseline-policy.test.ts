import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseCanaryRequest, safeParseCanaryRequest } from './canary-request.ts';
import type { ValidationIssue } from './errors.ts';
import { PolicySchema } from './record-schemas.ts';
import { parseSloPolicy, safeParseSloPolicy } from './slo-policy.ts';

const route = { modelId: 'matriz-v3', fromGate: 'stage', toGate: 'production' };
const targets = { latency_p95_ms: 500 };

function requestIssues(args: Record<string, unknown>): readonly ValidationIssue[] {
  const result = safeParseCanaryRequest({ ...route, ...args });
  if (result.success) throw new Error(`expected issues, got ${JSON.stringify(result.request)}`);
  return result.issues;
}

function policyIssues(input: Record<string, unknown>): readonly ValidationIssue[] {
  const result = safeParseSloPolicy({ targets, ...input });
  if (result.success) throw new Error(`expected issues, got ${JSON.stringify(result.policy)}`);
  return result.issues;
}

describe('the judging fields of a policy', () => {
  const judged = {
    targets: { latency_p95_ms: 500, error_budget: { slo: 0.999, maxBurnRate: 14.4 } },
    baseline: { metrics: ['latency_p95_ms', 'error_rate'] },
    compare: { latency_p95_ms: { maxIncreasePct: 10 }, error_rate: { maxIncrease: 0.005 } },
    judge: { confidence: 0.99 },
    dryRun: ['drift'],
  };

  it('reads baseline, compare, judge, dryRun and an error budget, the baseline gate defaulting to fromGate', () => {
    const request = parseCanaryRequest({ ...route, policy: judged });
    expect(request.policy).toEqual({
      windowSeconds: 300,
      intervalSeconds: 30,
      failureLimit: 0,
      minSamples: 3,
      ...judged,
      baseline: { gate: 'stage', metrics: ['latency_p95_ms', 'error_rate'] },
    });
  });

  it('accepts them top-level too, and keeps a baseline gate that is written', () => {
    const request = parseCanaryRequest({ ...route, ...judged, baseline: { gate: 'shadow' } });
    expect(request.policy.baseline).toEqual({ gate: 'shadow' });
    expect(request.policy.compare).toEqual(judged.compare);
  });

  it('defaults judge.confidence to 0.95', () => {
    expect(parseSloPolicy({ targets, judge: {} }).judge).toEqual({ confidence: 0.95 });
  });

  it('leaves a policy without them exactly as it was', () => {
    expect(parseSloPolicy({ targets })).toEqual({
      windowSeconds: 300,
      intervalSeconds: 30,
      failureLimit: 0,
      minSamples: 3,
      targets,
    });
  });

  it('round-trips through the record schema', () => {
    const { policy } = parseCanaryRequest({ ...route, policy: judged });
    expect(v.parse(PolicySchema, JSON.parse(JSON.stringify(policy)))).toEqual(policy);
  });
});

describe('bad judging fields: clear errors naming the field', () => {
  it('refuses a baseline gate equal to toGate, written or by default', () => {
    expect(requestIssues({ policy: { targets, baseline: { gate: 'production' } } })).toEqual([
      {
        path: 'policy.baseline.gate',
        message: 'expected a gate other than toGate (the canary\'s own gate), received "production"',
      },
    ]);
    expect(
      requestIssues({ fromGate: 'production', toGate: 'production', targets, baseline: {} }),
    ).toContainEqual(expect.objectContaining({ path: 'toGate' }));
  });

  it('refuses unknown metric names in compare, baseline.metrics and dryRun', () => {
    const issues = policyIssues({
      baseline: { metrics: ['latency_p99_ms'] },
      compare: { latency_p99_ms: { maxIncreasePct: 10 } },
      dryRun: ['cpu'],
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'baseline.metrics.0',
      'compare.latency_p99_ms',
      'dryRun.0',
    ]);
    expect(issues[1]?.message).toContain('unknown key "latency_p99_ms" in compare');
    expect(issues[2]?.message).toBe(
      'expected a metric name (latency_p95_ms, error_rate, drift), received "cpu"',
    );
  });

  it('refuses negative increases and percentages above 100', () => {
    const issues = policyIssues({
      baseline: {},
      compare: { latency_p95_ms: { maxIncreasePct: 150 }, error_rate: { maxIncrease: -0.01 } },
    });
    expect(issues).toEqual([
      {
        path: 'compare.latency_p95_ms.maxIncreasePct',
        message: 'expected a percentage from 0 to 100, received 150',
      },
      { path: 'compare.error_rate.maxIncrease', message: 'expected a number >= 0, received -0.01' },
    ]);
  });

  it('wants exactly one allowance per metric, and a baseline to compare with', () => {
    expect(policyIssues({ compare: { drift: { maxIncreasePct: 5, maxIncrease: 0.1 } } })).toEqual([
      { path: 'compare.drift', message: 'expected exactly one of maxIncreasePct or maxIncrease' },
      {
        path: 'compare',
        message: 'expected a baseline to compare with: add baseline: {} (its gate defaults to fromGate)',
      },
    ]);
  });

  it('wants a compared metric sampled on the baseline', () => {
    expect(
      policyIssues({
        baseline: { metrics: ['error_rate'] },
        compare: { latency_p95_ms: { maxIncreasePct: 10 } },
      }),
    ).toEqual([
      {
        path: 'compare.latency_p95_ms',
        message:
          'expected a metric sampled on the baseline (baseline.metrics: error_rate), received latency_p95_ms',
      },
    ]);
  });

  it('keeps judge.confidence within 0.5..0.999', () => {
    expect(policyIssues({ judge: { confidence: 1 } })).toEqual([
      { path: 'judge.confidence', message: 'expected a confidence from 0.5 to 0.999, received 1' },
    ]);
    expect(policyIssues({ judge: { confidence: 0.3 } })[0]?.path).toBe('judge.confidence');
  });

  it('keeps an error budget slo inside (0, 1) and its burn rate above 0', () => {
    const issues = requestIssues({
      sloPolicy: { latency_p95_ms: 500, error_budget: { slo: 1, maxBurnRate: 0 } },
    });
    expect(issues).toEqual([
      {
        path: 'sloPolicy.error_budget.slo',
        message: 'expected an SLO between 0 and 1 (exclusive), e.g. 0.999, received 1',
      },
      {
        path: 'sloPolicy.error_budget.maxBurnRate',
        message: 'expected a burn rate > 0, e.g. 14.4, received 0',
      },
    ]);
    expect(policyIssues({ targets: { error_budget: { slo: 0, maxBurnRate: 2 } } })[0]?.path).toBe(
      'targets.error_budget.slo',
    );
  });

  it('names each metric once in dryRun', () => {
    expect(policyIssues({ dryRun: ['drift', 'drift'] })).toEqual([
      { path: 'dryRun', message: 'expected each metric once' },
    ]);
  });
});
