/**
 * A recorded day of matriz-v5 in a real SQLite file, written through the store as the engine
 * writes it: six canaries from 02:00 to 22:00 UTC on 2025-09-28, three of them sampled with a
 * baseline (stage) beside the canary, each judged with core's `judgeSample` and decided by
 * `decideCanary` after every sample (sampling stops at the decision). And three replay policies:
 * a relaxed one, one comparing with the baseline, one with an error budget and latency as dry run.
 */
import {
  baselineMetrics,
  type CanarySample,
  decideCanary,
  judgeBaselineSample,
  judgeSample,
  type SloPolicy,
  type SloReading,
} from '@lukhas/core';
import { canary, fileStore, recordCanaryRun } from '@lukhas/persistence/testing';

/** The day replayed. */
export const DAY = { from: '2025-09-28T00:00:00Z', to: '2025-09-29T00:00:00Z' } as const;
export const MODEL = 'matriz-v5';

const PLAIN: SloPolicy = {
  windowSeconds: 300,
  intervalSeconds: 30,
  failureLimit: 0,
  minSamples: 3,
  targets: { latency_p95_ms: 800, max_error_rate: 0.01 },
};
// As recorded with a baseline: a regression of up to 50 % was tolerated.
const WITH_BASELINE: SloPolicy = {
  ...PLAIN,
  baseline: {},
  compare: { latency_p95_ms: { maxIncreasePct: 50 } },
};

/** The three replay policies, by file name. */
export const POLICIES: Readonly<Record<string, unknown>> = {
  'relaxed.json': { ...PLAIN, failureLimit: 1, targets: { latency_p95_ms: 900, max_error_rate: 0.02 } },
  'baseline-10.json': { ...PLAIN, baseline: {}, compare: { latency_p95_ms: { maxIncreasePct: 10 } } },
  'budget.json': {
    ...PLAIN,
    targets: { latency_p95_ms: 800, error_budget: { slo: 0.999, maxBurnRate: 3 } },
    dryRun: ['latency_p95_ms'],
  },
};

interface DayCanary {
  readonly canaryId: string;
  /** `HH:MM` on the day. */
  readonly start: string;
  readonly policy: SloPolicy;
  /** Latency of sample i (0-based). */
  readonly latency: (index: number) => number;
  readonly errorRate: number;
  /** The baseline gate's latency at sample i; absent: no baseline sampled. */
  readonly baseline?: (index: number) => number;
}

// Distinct values (no ties), so the comparisons are clear-cut.
const around = (latency: number) => (index: number) => latency + index * 3;

/** The day's canaries, in start order. */
export const CANARIES: readonly DayCanary[] = [
  // Equal to its baseline: promoted.
  {
    canaryId: 'canary_0200',
    start: '02:00',
    policy: WITH_BASELINE,
    latency: around(301),
    errorRate: 0.001,
    baseline: around(300),
  },
  // 40 % slower than its baseline: promoted as recorded (50 % allowed), a regression at 10 %.
  {
    canaryId: 'canary_0600',
    start: '06:00',
    policy: WITH_BASELINE,
    latency: around(420),
    errorRate: 0.001,
    baseline: around(300),
  },
  // 850 ms at its third sample: rolled back (800 ms target).
  {
    canaryId: 'canary_0930',
    start: '09:30',
    policy: PLAIN,
    latency: (index) => (index === 2 ? 850 : 310 + index),
    errorRate: 0.001,
  },
  // 0.4 % errors: fine under 1 %, a burn rate of 4 against a 99.9 % SLO.
  { canaryId: 'canary_1300', start: '13:00', policy: PLAIN, latency: around(305), errorRate: 0.004 },
  // Healthy, with a baseline.
  {
    canaryId: 'canary_1745',
    start: '17:45',
    policy: WITH_BASELINE,
    latency: around(290),
    errorRate: 0.002,
    baseline: around(292),
  },
  // Healthy, without.
  { canaryId: 'canary_2200', start: '22:00', policy: PLAIN, latency: around(280), errorRate: 0.001 },
];

/** Writes the day into a new database `file`. */
export async function recordDay(file: string): Promise<void> {
  const { store, close } = await fileStore(file);
  try {
    for (const day of CANARIES) await recordOne(store, day);
  } finally {
    await close();
  }
}

async function recordOne(store: Parameters<typeof recordCanaryRun>[0], day: DayCanary): Promise<void> {
  const startedAt = Date.parse(`2025-09-28T${day.start}:00Z`);
  const running = canary(day.canaryId, MODEL, startedAt, { policy: day.policy, operator: 'ops' });
  const { policy } = day;
  const taken: CanarySample[] = [];
  let decided: ReturnType<typeof decideCanary> | undefined;
  const count = policy.windowSeconds / policy.intervalSeconds;
  for (let index = 0; index < count && decided === undefined; index += 1) {
    const at = startedAt + (index + 1) * policy.intervalSeconds * 1000;
    const judged = judgeSample(
      { seq: index + 1, at, reading: reading(day.latency(index), day.errorRate) },
      policy.targets,
    );
    const metrics = baselineMetrics(policy);
    taken.push(
      day.baseline === undefined
        ? judged
        : {
            ...judged,
            baseline: judgeBaselineSample({
              gate: 'stage',
              reading: reading(day.baseline(index), null),
              metrics,
            }),
          },
    );
    const verdict = decideCanary({ policy, startedAt, now: at, samples: taken });
    if (verdict.decision !== null) decided = verdict;
  }
  const decision = decided?.decision;
  if (decided === undefined || decision === undefined || decision === null) {
    throw new Error(`${day.canaryId} did not decide within its window`);
  }
  await recordCanaryRun(store, {
    canary: running,
    samples: taken.map((sample) => ({
      ...sample,
      canaryId: day.canaryId,
      modelId: MODEL,
      gate: 'production',
    })),
    decision: {
      at: decision.decidedAt,
      summary: { outcome: decision.outcome, rule: decision.rule, reason: decision.reason },
      math: decided.math,
    },
  });
}

function reading(latency: number, errorRate: number | null): SloReading {
  return { values: { latency_p95_ms: latency, error_rate: errorRate, drift: null }, reasons: {} };
}
