import {
  type CanaryRecord,
  type CanarySample,
  decideCanary,
  type JobRecord,
  judgeBaselineSample,
  judgeSample,
  parseSloPolicy,
} from '@lukhas/core';
import { canary as fixtureCanary } from '@lukhas/persistence/testing';
import { describe, expect, it } from 'vitest';
import { type WhyMathStore, whyMath } from './why-math.ts';

const STARTED = Date.parse('2025-10-03T14:25:00Z');
const policy = parseSloPolicy({ windowSeconds: 120, targets: { latency_p95_ms: 250, max_error_rate: 0.02 } });

function sample(seq: number, latency: number): CanarySample {
  return judgeSample(
    {
      seq,
      at: STARTED + seq * 30_000,
      reading: { values: { latency_p95_ms: latency, error_rate: 0.004, drift: null }, reasons: {} },
    },
    policy.targets,
  );
}

function canary(overrides: Partial<CanaryRecord>): CanaryRecord {
  return fixtureCanary('canary_a', 'matriz-v3', STARTED, { policy, operator: 'alice', ...overrides });
}

function storeWith(
  canaries: CanaryRecord[],
  samples: CanarySample[],
  jobs: Partial<JobRecord>[] = [],
): WhyMathStore {
  return {
    getCanary: async (id) => canaries.find((record) => record.canaryId === id),
    listCanaries: async (filter = {}) =>
      canaries.filter((record) => record.modelId === filter.modelId).slice(0, 1),
    samplesOf: async () =>
      samples.map((judged) => ({
        ...judged,
        canaryId: 'canary_a',
        modelId: 'matriz-v3',
        gate: 'production',
      })),
    getJob: async (id) => jobs.find((job) => job.jobId === id) as JobRecord | undefined,
  };
}

describe('whyMath', () => {
  it('applies the rule to the samples so far while a canary runs', async () => {
    const store = storeWith([canary({})], [sample(1, 180), sample(2, 310)]);
    const answer = await whyMath('canary_a', { store, now: () => STARTED + 61_000 });
    expect(answer).toMatchObject({
      found: true,
      math: {
        id: 'canary_a',
        decided: false,
        status: 'running',
        thresholds: { latency_p95_ms: 250, max_error_rate: 0.02 },
        rule: 'breach_limit',
        decidingSample: 2,
        breachToActionSeconds: 0,
        counts: { samples: 2, breaches: 1 },
      },
    });
  });

  it('shows the math stored with the decision of a decided canary, also by model id', async () => {
    const samples = [sample(1, 180), sample(2, 190), sample(3, 200), sample(4, 210)];
    const { math } = decideCanary({ policy, startedAt: STARTED, now: STARTED + 120_000, samples });
    const store = storeWith([canary({ status: 'promoted', math })], samples);
    const answer = await whyMath('matriz-v3', { store, now: () => STARTED + 999_000 });
    expect(answer).toMatchObject({
      found: true,
      math: {
        id: 'matriz-v3',
        canaryId: 'canary_a',
        decided: true,
        rule: 'window_elapsed',
        outcome: 'promote',
      },
    });
  });

  it('shows the comparisons with the baseline: both series, the test, the shift and the verdict', async () => {
    const compared = parseSloPolicy({
      windowSeconds: 150,
      targets: { latency_p95_ms: 2000 },
      baseline: {},
      compare: { latency_p95_ms: { maxIncreasePct: 10 } },
    });
    const canaryLatency = [530, 541, 525, 560, 548];
    const baselineLatency = [400, 410, 395, 405, 420];
    const samples = canaryLatency.map((latency, index) => ({
      ...judgeSample(
        {
          seq: index + 1,
          at: STARTED + (index + 1) * 30_000,
          reading: { values: { latency_p95_ms: latency, error_rate: 0.004, drift: null }, reasons: {} },
        },
        compared.targets,
      ),
      baseline: judgeBaselineSample({
        gate: 'stage',
        reading: {
          values: { latency_p95_ms: baselineLatency[index] ?? null, error_rate: null, drift: null },
          reasons: {},
        },
        metrics: ['latency_p95_ms'],
      }),
    }));
    const store = storeWith([canary({ policy: compared })], samples);
    const answer = await whyMath('canary_a', { store, now: () => STARTED + 150_000 });
    expect(answer).toMatchObject({
      found: true,
      math: {
        rule: 'baseline_regression',
        explanation: 'rolled back: latency_p95_ms +33.3% vs baseline (p=0.004, allowed +10%)',
        samples: [{ baseline: { gate: 'stage', values: { latency_p95_ms: 400 } } }, {}, {}, {}, {}],
        comparisons: {
          metrics: [
            {
              metric: 'latency_p95_ms',
              verdict: 'High',
              dryRun: false,
              canary: canaryLatency,
              baseline: baselineLatency,
              u: 25,
              pWorse: 1 / 252,
              method: 'exact',
              shift: { estimate: 135 },
              allowedIncrease: 40.5,
            },
          ],
        },
      },
    });
  });

  it('points a job id at why, and says what it takes for an unknown id', async () => {
    const store = storeWith([], [], [{ jobId: 'job_1' }]);
    expect(await whyMath('job_1', { store, now: Date.now })).toEqual({
      found: false,
      message:
        'job_1 is an evaluation job: why_math explains canary decisions; use why for the story of a job [NOT_A_CANARY]',
    });
    const unknown = await whyMath('ghost', { store, now: Date.now });
    expect(unknown.found).toBe(false);
    expect(!unknown.found && unknown.message).toMatch(
      /^nothing recorded for "ghost": why_math takes a canary id/,
    );
  });
});
