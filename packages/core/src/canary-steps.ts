/**
 * Traffic steps of a progressive canary, in the style of Argo Rollouts: `setWeight` moves traffic,
 * `pause: {seconds}` holds it while the canary keeps sampling, `pause: {}` waits for a person.
 */
import * as v from 'valibot';
import type { ValidationIssue } from './errors.ts';
import { closedObject, expecting, joinPath } from './validation.ts';

/** Send `setWeight` % of the model's traffic to `toGate`, the rest to `fromGate`. */
export interface SetWeightStep {
  readonly setWeight: number;
}

/** Hold the current weight: for `seconds`, or (without them) until `promote_canary`. */
export interface PauseStep {
  readonly pause: { readonly seconds?: number };
}

/** One step of a canary's traffic ladder. */
export type CanaryStep = SetWeightStep | PauseStep;

/** The most steps one canary may have: each is a stored, narrated and published transition. */
export const MAX_STEPS = 100;

const weight = v.pipe(
  v.number(expecting('a whole number from 0 to 100')),
  v.integer(expecting('a whole number from 0 to 100')),
  v.minValue(0, expecting('a whole number from 0 to 100')),
  v.maxValue(100, expecting('a whole number from 0 to 100')),
  v.description('percent of the traffic sent to toGate (the rest goes to fromGate)'),
);

const pauseSeconds = v.pipe(
  v.number(expecting('a number of seconds > 0')),
  v.finite(expecting('a number of seconds > 0')),
  v.gtValue(0, expecting('a number of seconds > 0')),
  v.description('how long to hold; left out, the canary waits for promote_canary'),
);

const SetWeightStepSchema = closedObject({ setWeight: weight });
const PauseStepSchema = closedObject({ pause: closedObject({ seconds: v.optional(pauseSeconds) }) });

const STEP_GRAMMAR = '{"setWeight": 0..100}, {"pause": {"seconds": S}} or {"pause": {}}';

/** `steps` as accepted on input. Package-internal: part of the policy schema. */
export const StepsInputSchema = v.pipe(
  v.array(
    v.union([SetWeightStepSchema, PauseStepSchema], expecting(`one step: ${STEP_GRAMMAR}`)),
    expecting('a list of steps'),
  ),
  v.minLength(1, expecting('at least one step')),
  v.maxLength(MAX_STEPS, expecting(`at most ${MAX_STEPS} steps`)),
  v.description(
    `traffic steps in order, each one of ${STEP_GRAMMAR}; a pause without seconds waits for promote_canary. ` +
      'After the last step the canary is promoted (rule steps_completed).',
  ),
);

/** True for a `setWeight` step. */
export function isSetWeightStep(step: CanaryStep): step is SetWeightStep {
  return 'setWeight' in step;
}

/** True for a pause that waits for a person (`pause: {}`). */
export function isManualPause(step: CanaryStep): boolean {
  return 'pause' in step && step.pause.seconds === undefined;
}

/** Seconds of every timed pause together: the least time the steps take without a person. */
export function timedPauseSeconds(steps: readonly CanaryStep[]): number {
  return steps.reduce((total, step) => total + (isSetWeightStep(step) ? 0 : (step.pause.seconds ?? 0)), 0);
}

/** What the rules across fields need of the policy. */
interface StepsPolicy {
  readonly windowSeconds: number;
  readonly intervalSeconds: number;
  readonly minSamples: number;
}

/**
 * The rules across steps and policy, each issue with its path under `at`: a pause must follow a
 * `setWeight` (it holds a weight), a timed pause must hold `minSamples` samples (or it can only roll
 * back), and the window must fit every timed pause (it bounds the canary's life).
 *
 * @example
 * stepsIssues([{ pause: {} }], { windowSeconds: 300, intervalSeconds: 30, minSamples: 3 }, 'policy', false);
 * // [{ path: 'policy.steps.0', message: 'expected a setWeight step before the first pause, …' }]
 */
export function stepsIssues(
  steps: readonly CanaryStep[],
  policy: StepsPolicy,
  at: string,
  windowDefaulted: boolean,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const stepsAt = joinPath(at, 'steps');
  const firstWeight = steps.findIndex(isSetWeightStep);
  steps.forEach((step, index) => {
    if (isSetWeightStep(step)) return;
    const path = joinPath(stepsAt, String(index));
    if (firstWeight === -1 || index < firstWeight) {
      issues.push({
        path,
        message:
          'expected a setWeight step before the first pause, received a pause: a pause holds a weight, and none is set yet',
      });
      return;
    }
    const seconds = step.pause.seconds;
    if (seconds === undefined) return;
    const holds = Math.floor(seconds / policy.intervalSeconds + 1e-9);
    if (holds < policy.minSamples) {
      issues.push({
        path: joinPath(path, 'pause.seconds'),
        message:
          `expected at least ${policy.minSamples * policy.intervalSeconds} seconds, received ${seconds}: sampled every ` +
          `${policy.intervalSeconds}s a ${seconds}s pause holds ${holds} of the ${policy.minSamples} samples (minSamples) it needs to pass`,
      });
    }
  });
  const needed = timedPauseSeconds(steps);
  if (needed > policy.windowSeconds) {
    issues.push({
      path: joinPath(at, 'windowSeconds'),
      message:
        `expected at least ${needed} seconds, received ${policy.windowSeconds}${windowDefaulted ? ' (the default)' : ''}: ` +
        `the steps' timed pauses take ${needed}s, and the window bounds the whole canary`,
    });
  }
  return issues;
}
