/**
 * The canary decision rule of the SPEC as a pure function over the samples so far: the window
 * rule of part one, or the steps rule of part two when the policy has steps.
 */
import type { CanaryVerdict, DecisionInput } from './decision-parts.ts';
import { windowEndsAt } from './sample-schedule.ts';
import { decideSteppedCanary } from './stepped-decision.ts';
import { decideWindowCanary } from './window-decision.ts';

export type { CanaryDecision, CanaryVerdict, DecisionInput } from './decision-parts.ts';

/**
 * Decides a canary, or says it is undecided, with the math either way. Without steps:
 * {@link decideWindowCanary}; with steps: {@link decideSteppedCanary}. Pure and deterministic.
 *
 * @example
 * const verdict = decideCanary({ policy, startedAt, now: clock.now(), samples });
 * if (verdict.decision) console.log(verdict.decision.outcome, verdict.math.explanation);
 */
export function decideCanary(input: DecisionInput): CanaryVerdict {
  return input.policy.steps === undefined
    ? decideWindowCanary(input)
    : decideSteppedCanary(input, input.policy.steps);
}

/**
 * False only when `decideCanary(input)` certainly decides nothing: a cheap check, without the
 * math, for the usual case of a sample inside the window that breaches nothing over the limit (a
 * busy engine asks after every sample). Exact for policies without steps; with steps (the ladder
 * moves at decision points) or an abort it answers true, and the full rule must be asked.
 *
 * @example
 * if (mayDecide(input)) record(decideCanary(input)); else scheduleNextSample();
 */
export function mayDecide(input: DecisionInput): boolean {
  const { policy, now } = input;
  if (policy.steps !== undefined || input.abort !== undefined) return true;
  if (now >= windowEndsAt(policy, input.startedAt)) return true;
  // Inside the window only a breach over the limit decides (the baseline is compared at its end).
  let breaches = 0;
  for (const sample of input.samples) {
    if (sample.breached && sample.at <= now) breaches += 1;
  }
  return breaches > policy.failureLimit;
}
