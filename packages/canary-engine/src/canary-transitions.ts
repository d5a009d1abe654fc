/**
 * The transitions a canary records, built purely from facts: started, each metric sample, and
 * the decision (promoted or rolled back). Webhook URLs never go into events, audits or narrative
 * lines: they often carry secrets.
 */
import {
  type CanaryDecision,
  type CanaryRecord,
  type CanaryRequest,
  type CanarySample,
  type DecisionMath,
  type TransitionRecord,
  UNDECIDED_CANARY_STATUSES,
  windowEndsAt,
} from '@lukhas/core';
import {
  canaryPromoted,
  canaryRolledBack,
  canarySample,
  canaryStarted,
  formatDuration,
  promotionBlocked,
  type RollbackCause,
  type SloValues,
} from '@lukhas/narrative';
import { initialTraffic } from './step-transitions.ts';

/** A canary as it starts: running, its window opening at `at` (epoch ms). */
export function runningCanary(
  request: CanaryRequest,
  started: { readonly canaryId: string; readonly operator: string; readonly at: number },
): CanaryRecord {
  const iso = new Date(started.at).toISOString();
  return {
    canaryId: started.canaryId,
    modelId: request.modelId,
    fromGate: request.fromGate,
    toGate: request.toGate,
    status: 'running',
    policy: request.policy,
    webhooks: request.webhooks,
    operator: started.operator,
    createdAt: iso,
    updatedAt: iso,
    startedAt: iso,
    windowEndsAt: new Date(windowEndsAt(request.policy, started.at)).toISOString(),
    decidedAt: null,
    decision: null,
    math: null,
    traffic: initialTraffic(request),
  };
}

/** `started`: the canary's first state, its policy and when its window ends. */
export function startedTransition(canary: CanaryRecord, at: number): TransitionRecord {
  const { canaryId, modelId, fromGate, toGate, policy, windowEndsAt, startedAt } = canary;
  const hooks = Object.keys(canary.webhooks ?? {});
  return {
    at,
    operator: canary.operator,
    canary,
    audit: { action: 'canary.started', details: { modelId, fromGate, toGate, policy, windowEndsAt, hooks } },
    narrative: {
      eventType: 'started',
      message: canaryStarted(canary),
      context: { canaryId, fromGate, toGate, windowSeconds: policy.windowSeconds },
    },
    event: {
      type: 'started',
      data: { canaryId, modelId, fromGate, toGate, status: 'running', policy, startedAt, windowEndsAt },
    },
  };
}

/** `metric`: one judged sample, stored only while the canary still runs. */
export function sampleTransition(
  canary: CanaryRecord,
  sample: CanarySample,
  at: number,
  operator = 'system',
): TransitionRecord {
  const { canaryId, modelId, toGate: gate } = canary;
  const { seq, values, fallback, fallbackReasons, breached, breaches } = sample;
  const data = {
    canaryId,
    modelId,
    gate,
    seq,
    latency_p95_ms: values.latency_p95_ms,
    error_rate: values.error_rate,
    drift: values.drift,
    fallback,
    fallbackReasons,
    breached,
    breaches,
    at: new Date(sample.at).toISOString(),
    ...(sample.baseline === undefined ? {} : { baseline: baselineData(sample.baseline) }),
  };
  return {
    at,
    operator,
    expectStatus: UNDECIDED_CANARY_STATUSES,
    sample: { canaryId, modelId, gate, ...sample },
    audit: { action: 'canary.sample', details: { ...data, observed: sample.observed } },
    narrative: {
      eventType: 'metric',
      message: canarySample({ modelId, sample }),
      context: { canaryId, seq },
    },
    event: { type: 'metric', data },
  };
}

// The baseline side of a `metric` event, flat like the canary's: the judged values and its fallback.
function baselineData(baseline: NonNullable<CanarySample['baseline']>) {
  const { gate, values, fallback, fallbackReasons } = baseline;
  return {
    gate,
    latency_p95_ms: values.latency_p95_ms,
    error_rate: values.error_rate,
    drift: values.drift,
    fallback,
    fallbackReasons,
  };
}

/** What a decision transition is built from. */
export interface DecisionFacts {
  /** The canary as it runs. */
  readonly canary: CanaryRecord;
  readonly decision: CanaryDecision;
  readonly math: DecisionMath;
  /** When it is recorded, epoch ms (the decision's own time is `decision.decidedAt`). */
  readonly at: number;
  readonly operator: string;
  /** Decided at a restart, from the samples stored before it. */
  readonly resumed?: boolean;
  /** Why a promotion the SLOs allowed was refused (the confirm webhook): the canary rolls back. */
  readonly blockedBy?: string;
}

/**
 * `promoted` (with the model's new gate) or `rolled_back`, guarded by `expectStatus: 'running'`
 * so a canary is never decided twice.
 */
export function decisionTransition(facts: DecisionFacts): TransitionRecord {
  const { canary, math, at, operator, blockedBy } = facts;
  const promoted = facts.decision.outcome === 'promote' && blockedBy === undefined;
  const decision =
    blockedBy === undefined
      ? facts.decision
      : { ...facts.decision, outcome: 'rollback' as const, reason: `promotion blocked: ${blockedBy}` };
  const storedMath: DecisionMath =
    blockedBy === undefined
      ? math
      : {
          ...math,
          outcome: 'rollback',
          explanation: `rolled back: ${decision.reason} (${math.explanation})`,
        };
  const decidedAt = new Date(decision.decidedAt).toISOString();
  const { canaryId, modelId, fromGate, toGate } = canary;
  const durationMs = Math.max(0, decision.decidedAt - Date.parse(canary.startedAt));
  const record: CanaryRecord = {
    ...canary,
    status: promoted ? 'promoted' : 'rolled_back',
    updatedAt: new Date(at).toISOString(),
    decidedAt,
    decision: { outcome: decision.outcome, rule: decision.rule, reason: decision.reason },
    math: storedMath,
  };
  const common = {
    canaryId,
    modelId,
    fromGate,
    toGate,
    status: record.status,
    rule: decision.rule,
    reason: decision.reason,
    decidedAt,
    breachToActionSeconds: math.breachToActionSeconds,
    ...(facts.resumed ? { resumed: true } : {}),
  };
  const details = {
    ...common,
    outcome: decision.outcome,
    counts: math.counts,
    explanation: storedMath.explanation,
  };
  const context = { canaryId, rule: decision.rule };
  if (promoted) {
    return {
      at,
      operator,
      expectStatus: UNDECIDED_CANARY_STATUSES,
      canary: record,
      model: { modelId, gate: toGate, canaryId },
      audit: { action: 'canary.promoted', details },
      narrative: {
        eventType: 'promoted',
        message: canaryPromoted({ modelId, toGate, values: lastRealValues(math) }),
        context,
      },
      event: { type: 'promoted', data: common },
    };
  }
  const message =
    blockedBy === undefined
      ? canaryRolledBack({ modelId, fromGate, ...rollbackCause(decision, math) })
      : promotionBlocked({ modelId, toGate, reason: blockedBy });
  const data = {
    ...common,
    duration: formatDuration(durationMs),
    durationMs,
    ...(blockedBy ? { blocked: true } : {}),
  };
  return {
    at,
    operator,
    expectStatus: UNDECIDED_CANARY_STATUSES,
    canary: record,
    audit: { action: 'canary.rolled_back', details: { ...details, durationMs } },
    narrative: { eventType: 'rolled_back', message, context },
    event: { type: 'rolled_back', data },
  };
}

// The values a promotion rests on: the last sample that was really read; drift only when targeted.
function lastRealValues(math: DecisionMath): SloValues | null {
  const last = math.samples.findLast((sample) => !sample.fallback);
  if (last === undefined) return null;
  const { latency_p95_ms, error_rate, drift } = last.observed;
  return math.policy.targets.max_drift === undefined
    ? { latency_p95_ms, error_rate }
    : { latency_p95_ms, error_rate, drift };
}

function rollbackCause(decision: CanaryDecision, math: DecisionMath): RollbackCause {
  switch (decision.rule) {
    case 'breach_limit': {
      const deciding = math.samples.find((sample) => sample.seq === math.decidingSample);
      return {
        rule: 'breach_limit',
        sample: { seq: deciding?.seq ?? 0, breaches: deciding?.breaches ?? [] },
      };
    }
    case 'abort':
      return { rule: 'abort', reason: decision.reason };
    case 'baseline_regression': {
      const regressions = (math.comparisons?.metrics ?? []).filter(
        (comparison) => comparison.verdict === 'High' && !comparison.dryRun,
      );
      return { rule: 'baseline_regression', regressions };
    }
    default:
      return { rule: 'insufficient_data', realSamples: math.counts.real, minSamples: math.policy.minSamples };
  }
}
