/**
 * The canary decision rule of the SPEC as a pure function over the samples so far: the window
 * rule of part one, or the steps rule of part two when the policy has steps.
 */
import type { CanaryVerdict, DecisionInput } from './decision-parts.ts';
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
