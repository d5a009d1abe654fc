/**
 * Recorded canaries for the replay tests, made the way the engine makes them: each reading judged
 * with `judgeSample` at its due time, `decideCanary` after every sample (and at an abort), sampling
 * stopped at the decision. Records and samples come out shaped as the store returns them.
 * `replayRecorded` replays one such canary, as the replay-window tests all do.
 */
import {
  baselineMetrics,
  type CanaryRecord,
  type CanarySample,
  decideCanary,
  judgeBaselineSample,
  judgeSample,
  metricsToSample,
  type SloMetric,
  type SloPolicy,
  type StoredSample,
  sampleSchedule,
} from '@lukhas/core';
import type { CanaryReplay, ReplayResult } from '../src/replay-result.ts';
import { replayWindow } from '../src/replay-window.ts';

/** 2025-09-28 14:00:00.000 UTC, the seed's replay window start. */
export const T0 = Date.UTC(2025, 8, 28, 14, 0, 0, 0);

/** The seed's replay window: 14:00 to 15:00 UTC. */
export const WINDOW = { from: '2025-09-28T14:00:00Z', to: '2025-09-28T15:00:00Z' } as const;

/** Epoch ms `seconds` after T0 as ISO. */
export function at(seconds: number, origin = T0): string {
  return new Date(origin + seconds * 1000).toISOString();
}

/** The tests' strict policy: p95 500 ms, 1% errors, no breach allowed. */
export const STRICT: SloPolicy = {
  windowSeconds: 300,
  intervalSeconds: 30,
  failureLimit: 0,
  minSamples: 3,
  targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
};

/** The tests' loose policy: p95 800 ms, 2% errors, one breach allowed, two real samples suffice. */
export const LOOSE: SloPolicy = {
  windowSeconds: 300,
  intervalSeconds: 30,
  failureLimit: 1,
  minSamples: 2,
  targets: { latency_p95_ms: 800, max_error_rate: 0.02 },
};

/** One reading; `null` is a value the monitor could not read (with `reason`). Defaults: a healthy canary. */
export interface Reading {
  readonly latency?: number | null;
  readonly errorRate?: number | null;
  readonly drift?: number | null;
  readonly reason?: string;
}

/** What to record. */
export interface RecordOptions {
  readonly canaryId: string;
  readonly modelId?: string;
  readonly policy: SloPolicy;
  /** Epoch ms; default T0. */
  readonly startedAt?: number;
  /** Readings in due order; missing due slots are not sampled (the canary stays running). */
  readonly readings: readonly Reading[];
  /** The baseline gate's readings beside them (a policy with `baseline`/`compare`), read on `stage`. */
  readonly baselineReadings?: readonly Reading[];
  readonly abort?: { readonly at: number; readonly reason: string };
  /** Operators' `promote_canary` calls on a policy with steps (epoch ms; default operator `bob`). */
  readonly promotions?: readonly {
    readonly at: number;
    readonly full?: boolean;
    readonly operator?: string;
  }[];
}

/** A canary as the store holds it after the engine ran it over `readings`, and its samples. */
export function recordCanary(options: RecordOptions): { canary: CanaryRecord; samples: StoredSample[] } {
  const { canaryId, policy, readings } = options;
  const modelId = options.modelId ?? 'matriz-v3';
  const startedAt = options.startedAt ?? T0;
  const { dueAt, windowEndsAt } = sampleSchedule(policy, startedAt);
  const asked = new Set<SloMetric>(metricsToSample(policy.targets));
  const taken: CanarySample[] = [];
  const promotions = (options.promotions ?? []).map((promotion) => ({
    at: promotion.at,
    full: promotion.full ?? false,
  }));
  let verdict: ReturnType<typeof decideCanary> | undefined;

  for (const [index, due] of dueAt.entries()) {
    const abort = options.abort;
    if (abort !== undefined && abort.at < due) {
      verdict = decideCanary({ policy, startedAt, now: abort.at, samples: taken, abort, promotions });
      break;
    }
    // A ladder may decide between samples (a pause's end, a promotion): no sample is taken after it.
    const between = decideCanary({ policy, startedAt, now: due, samples: taken, promotions });
    if (between.decision !== null && between.decision.decidedAt < due) {
      verdict = between;
      break;
    }
    const reading = readings[index];
    if (reading === undefined) break;
    const judged = judgeSample(
      { seq: index + 1, at: due, reading: sloReading(reading, asked) },
      policy.targets,
      {
        ...(policy.dryRun === undefined ? {} : { dryRun: policy.dryRun }),
      },
    );
    const baselineReading = options.baselineReadings?.[index];
    const metrics = baselineMetrics(policy);
    taken.push(
      baselineReading === undefined
        ? judged
        : {
            ...judged,
            baseline: judgeBaselineSample({
              gate: 'stage',
              reading: sloReading(baselineReading, new Set(metrics)),
              metrics,
            }),
          },
    );
    const now = decideCanary({ policy, startedAt, now: due, samples: taken, promotions });
    if (now.decision !== null) {
      verdict = now;
      break;
    }
  }
  if (verdict === undefined && taken.length === dueAt.length) {
    verdict = decideCanary({ policy, startedAt, now: windowEndsAt, samples: taken, promotions });
  }

  const decision = verdict?.decision ?? null;
  const iso = (epochMs: number) => new Date(epochMs).toISOString();
  const canary: CanaryRecord = {
    canaryId,
    modelId,
    fromGate: 'stage',
    toGate: 'production',
    status: decision === null ? 'running' : decision.outcome === 'promote' ? 'promoted' : 'rolled_back',
    policy,
    webhooks: null,
    operator: decision?.rule === 'abort' ? 'alice' : 'system',
    createdAt: iso(startedAt),
    updatedAt: iso(decision?.decidedAt ?? startedAt),
    startedAt: iso(startedAt),
    windowEndsAt: iso(windowEndsAt),
    decidedAt: decision === null ? null : iso(decision.decidedAt),
    decision:
      decision === null ? null : { outcome: decision.outcome, rule: decision.rule, reason: decision.reason },
    math: verdict?.decision === null ? null : (verdict?.math ?? null),
    traffic:
      policy.steps === undefined
        ? null
        : {
            weight: verdict?.math.steps?.weight ?? 0,
            stepIndex: verdict?.math.steps?.index ?? 0,
            stepCount: policy.steps.length,
            promotions: (options.promotions ?? [])
              .filter((promotion) => decision === null || promotion.at <= decision.decidedAt)
              .map((promotion) => ({
                at: iso(promotion.at),
                full: promotion.full ?? false,
                operator: promotion.operator ?? 'bob',
              })),
          },
  };
  const samples = taken.map((sample) => ({ ...sample, canaryId, modelId, gate: 'production' }));
  return { canary, samples };
}

/** Replays one recorded canary (model `matriz-v3`) under `policy`; throws when it was not replayed. */
export function replayRecorded(
  recorded: { readonly canary: CanaryRecord; readonly samples: readonly StoredSample[] },
  policy: unknown,
  window: { readonly from: string; readonly to: string } = WINDOW,
): { result: ReplayResult; canary: CanaryReplay } {
  const result = replayWindow({
    modelId: 'matriz-v3',
    canaries: [recorded.canary],
    samples: recorded.samples,
    policy,
    window,
  });
  const [canary] = result.canaries;
  if (canary === undefined) throw new Error('no canary replayed');
  return { result, canary };
}

/** `count` copies of a reading. */
export function repeat(count: number, reading: Reading = {}): Reading[] {
  return Array.from({ length: count }, () => reading);
}

// Like the engine: drift is only asked for when targeted; a missing value carries the monitor's reason.
function sloReading(reading: Reading, asked: ReadonlySet<SloMetric>) {
  const wanted: Record<SloMetric, number | null | undefined> = {
    latency_p95_ms: reading.latency === undefined ? 220 : reading.latency,
    error_rate: reading.errorRate === undefined ? 0.002 : reading.errorRate,
    drift: reading.drift === undefined ? 0.05 : reading.drift,
  };
  const values = {} as Record<SloMetric, number | null>;
  const reasons: Partial<Record<SloMetric, string>> = {};
  for (const metric of ['latency_p95_ms', 'error_rate', 'drift'] as const) {
    const value = asked.has(metric) ? (wanted[metric] ?? null) : null;
    values[metric] = value;
    if (asked.has(metric) && value === null)
      reasons[metric] = reading.reason ?? 'prometheus unreachable: ECONNREFUSED';
  }
  return { values, reasons };
}
