/**
 * The decision for a canary the cockpit cannot run on (a stored policy now out of bounds, an
 * unexpected failure in one of its steps): roll back now, by the system, with the reason. It is
 * recorded as an `abort`, the SPEC's "roll back at once", so that the audit trail, the narrative
 * (`rolled back m → stage (aborted: …)`), `why` and the replayer read it as they read any abort.
 */
import {
  type CanaryDecision,
  type CanaryRecord,
  type CanarySample,
  type DecisionMath,
  decideCanary,
} from '@lukhas/core';
import { messageOf } from './canary-engine-error.ts';

/** What a forced rollback is built from. */
export interface ForcedRollbackInput {
  readonly canary: CanaryRecord;
  /** The samples stored so far: the math shows them. */
  readonly samples: readonly CanarySample[];
  /** Epoch ms of the rollback. */
  readonly at: number;
  readonly reason: string;
}

/**
 * A rollback decision at `at` with `reason`, and its math. Never throws: when the stored policy is
 * too broken for the rule to read, the math says so instead of showing samples.
 *
 * @example forcedRollback({ canary, samples, at: clock.now(), reason: 'stored policy out of bounds: …' });
 */
export function forcedRollback(input: ForcedRollbackInput): {
  decision: CanaryDecision;
  math: DecisionMath;
} {
  const { canary, samples, at, reason } = input;
  const decision: CanaryDecision = { outcome: 'rollback', rule: 'abort', decidedAt: at, reason };
  const explanation = `rolled back by the cockpit: ${reason}`;
  const decided = { rule: 'abort' as const, outcome: 'rollback' as const, decidedAt: iso(at), explanation };
  try {
    const startedAt = Date.parse(canary.startedAt);
    // The abort at `at` bounds what the math shows; after the window end the rule would rather
    // decide by the window, so the samples are judged up to `at` and the outcome is ours.
    const { math } = decideCanary({
      policy: canary.policy,
      startedAt,
      now: at,
      samples,
      abort: { at, reason },
    });
    return { decision, math: { ...math, ...decided, decidingSample: null, breachToActionSeconds: null } };
  } catch (error) {
    const math: DecisionMath = {
      policy: canary.policy,
      window: { startedAt: canary.startedAt, endsAt: canary.windowEndsAt, elapsed: false },
      samples: [],
      counts: { samples: 0, real: 0, fallback: 0, breaches: 0, ignored: samples.length },
      ...decided,
      decidingSample: null,
      firstBreachAt: null,
      breachToActionSeconds: null,
      explanation: `${explanation} (the decision rule could not read this canary: ${messageOf(error)})`,
    };
    return { decision, math };
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
