/**
 * The decision a canary actually got, read from its stored record.
 */
import { isoTime } from '@lukhas/core';
import type { ActualDecision, ReplayCanary } from './replay-result.ts';

/**
 * The stored outcome, rule, time and reason; `running` while undecided, `not_recorded` for a
 * synthetic canary over range data (`policy: null`). The stored `decidedAt` is the rule's own time
 * (a breaching sample's time, the window end, the abort), not when the row was written.
 */
export function actualDecision(canary: ReplayCanary): ActualDecision {
  if (canary.policy === null) {
    return { state: 'not_recorded', outcome: null, rule: null, decidedAt: null, reason: null, policy: null };
  }
  const { decision, decidedAt, policy } = canary;
  if (decision === null || decidedAt === null) {
    return { state: 'running', outcome: null, rule: null, decidedAt: null, reason: null, policy };
  }
  return {
    state: decision.outcome === 'promote' ? 'promoted' : 'rolled_back',
    outcome: decision.outcome,
    rule: decision.rule,
    decidedAt: normalIso(decidedAt),
    reason: decision.reason,
    policy,
  };
}

// One spelling per instant, so equal times compare equal as text in the report (core's isoTime:
// the text `toISOString` writes, without a `Date` per canary).
function normalIso(value: string): string {
  const epochMs = Date.parse(value);
  return Number.isNaN(epochMs) ? value : isoTime(epochMs);
}
