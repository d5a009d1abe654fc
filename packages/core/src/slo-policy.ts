/**
 * SLO policies: what a canary is judged against, parsed from every spelling the seeds use.
 */
import * as v from 'valibot';
import {
  BaselineInputSchema,
  CompareInputSchema,
  DryRunInputSchema,
  JudgeInputSchema,
  type JudgingPolicy,
  resolveJudging,
} from './baseline-policy.ts';
import { type CanaryStep, StepsInputSchema, stepsIssues } from './canary-steps.ts';
import { DomainError, type ValidationIssue } from './errors.ts';
import { type PolicyBounds, policyBoundsIssues, resolvePolicyBounds } from './policy-bounds.ts';
import { maxSampleCount } from './sample-schedule.ts';
import { closedObject, describeIssues, expecting, joinPath, toValidationIssues } from './validation.ts';

/** Upper bounds a sample must not exceed (a value exactly at its target passes). */
export interface SloTargets {
  /** p95 latency in milliseconds. */
  readonly latency_p95_ms?: number;
  /** Error rate 0..1 (alias on input: `error_rate`). */
  readonly max_error_rate?: number;
  /** Drift 0..1. */
  readonly max_drift?: number;
  /** Error-budget burn rate: a sample breaches when `error_rate / (1 − slo) > maxBurnRate`. */
  readonly error_budget?: ErrorBudgetTarget;
}

/** An error-budget burn-rate target (Google SRE workbook): `slo` in (0, 1), `maxBurnRate` > 0. */
export interface ErrorBudgetTarget {
  readonly slo: number;
  readonly maxBurnRate: number;
}

/**
 * A complete policy with every default applied. The judging fields (`baseline`, `compare`, `judge`,
 * `dryRun`) are present only when given, so a policy without them reads exactly as before.
 */
export interface SloPolicy extends JudgingPolicy {
  readonly windowSeconds: number;
  readonly intervalSeconds: number;
  readonly failureLimit: number;
  readonly minSamples: number;
  readonly targets: SloTargets;
  /**
   * Traffic steps (progressive delivery); left out, the window rule decides. With steps the canary
   * is promoted after the last one (rule `steps_completed`), and the window bounds its whole life.
   */
  readonly steps?: readonly CanaryStep[];
}

/** The SPEC's defaults for the knobs a policy may leave out. */
export const POLICY_DEFAULTS = {
  windowSeconds: 300,
  intervalSeconds: 30,
  failureLimit: 0,
  minSamples: 3,
} as const;

/** The value judged in place of a missing, NaN or unreachable reading: it always breaches. */
export const CONSERVATIVE_VALUES = {
  latency_p95_ms: 9999,
  error_rate: 1,
  drift: 1,
} as const;

/** Options of the policy parsers. */
export interface PolicyParseOptions {
  /** The limits a policy must keep; each one left out is `POLICY_BOUNDS`'s. */
  readonly bounds?: Partial<PolicyBounds>;
}

/** The result of {@link safeParseSloPolicy}. */
export type SloPolicyParseResult =
  | { readonly success: true; readonly policy: SloPolicy }
  | { readonly success: false; readonly issues: readonly ValidationIssue[] };

const seconds = v.message(v.pipe(v.number(), v.finite(), v.gtValue(0)), expecting('a number of seconds > 0'));
const count = v.message(v.pipe(v.number(), v.integer(), v.minValue(0)), expecting('an integer >= 0'));
const milliseconds = v.message(v.pipe(v.number(), v.finite(), v.gtValue(0)), expecting('milliseconds > 0'));
const fraction = v.message(
  v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  expecting('a fraction from 0 to 1'),
);

const ErrorBudgetInputSchema = closedObject({
  slo: v.pipe(
    v.number(expecting('an SLO between 0 and 1 (exclusive), e.g. 0.999')),
    v.gtValue(0, expecting('an SLO between 0 and 1 (exclusive), e.g. 0.999')),
    v.ltValue(1, expecting('an SLO between 0 and 1 (exclusive), e.g. 0.999')),
    v.description('the availability objective, e.g. 0.999 (a 0.1% error budget)'),
  ),
  maxBurnRate: v.pipe(
    v.number(expecting('a burn rate > 0, e.g. 14.4')),
    v.finite(expecting('a burn rate > 0, e.g. 14.4')),
    v.gtValue(0, expecting('a burn rate > 0, e.g. 14.4')),
    v.description('the fastest the error budget may burn, e.g. 14.4 (2% of a 30-day budget in an hour)'),
  ),
});

// The descriptions are what `tools/list` shows for `start_canary`: the schema that validates is the
// one that documents.
const described = <Schema extends v.GenericSchema>(schema: Schema, description: string) =>
  v.optional(v.pipe(schema, v.description(description)));

/** Target keys as accepted on input; `error_rate` is the seeds' alias of `max_error_rate`. Package-internal. */
export const targetEntries = {
  latency_p95_ms: described(milliseconds, 'p95 latency upper bound, milliseconds'),
  max_error_rate: described(fraction, 'error rate upper bound, 0..1'),
  error_rate: described(fraction, 'alias of max_error_rate'),
  max_drift: described(fraction, 'drift upper bound, 0..1'),
  error_budget: described(
    ErrorBudgetInputSchema,
    'error-budget burn rate: {slo, maxBurnRate}; a sample breaches when error_rate / (1 - slo) > maxBurnRate',
  ),
};

/** The knobs of a policy, each optional (see `POLICY_DEFAULTS`). Package-internal. */
export const knobEntries = {
  windowSeconds: described(
    seconds,
    'length of the SLO window in seconds (default 300, at most 604800 = 7 days); fractions allowed',
  ),
  intervalSeconds: described(
    seconds,
    'seconds between samples (default 30, at most the window, at least the minimum interval: 1 s unless the operator set LUKHAS_MIN_INTERVAL_MS; at most 10,000 samples per canary)',
  ),
  failureLimit: described(count, 'breaching samples tolerated; one more rolls back at once (default 0)'),
  minSamples: described(
    count,
    'real (non-fallback) samples needed to promote (default 3); with steps, needed in every timed pause',
  ),
  steps: v.optional(StepsInputSchema),
  baseline: v.optional(BaselineInputSchema),
  compare: v.optional(CompareInputSchema),
  judge: v.optional(JudgeInputSchema),
  dryRun: v.optional(DryRunInputSchema),
};

/** `{ latency_p95_ms?, max_error_rate?, error_rate?, max_drift? }`: targets as `start_canary` accepts them. */
export const TargetsInputSchema = v.pipe(
  closedObject(targetEntries),
  v.description('upper bounds a sample must not exceed; at least one of them'),
);

/** A policy as written: knobs plus `targets: {…}`, or the flat seed form with targets beside the knobs. */
export const SloPolicyInputSchema = v.pipe(
  closedObject({
    ...knobEntries,
    targets: v.optional(TargetsInputSchema),
    ...targetEntries,
  }),
  v.description(
    "A canary's SLO policy as written (every field has a server default): knobs plus `targets: {…}`, " +
      'or the flat seed form with the targets beside the knobs.',
  ),
);

/** A policy that passed the shape checks, before defaults and the rules across fields. Package-internal. */
export type SloPolicyInput = v.InferOutput<typeof SloPolicyInputSchema>;

const TARGET_KEYS = Object.keys(targetEntries) as (keyof typeof targetEntries)[];

/**
 * Applies defaults and the rules that span fields, then `bounds`. Issue paths start at `at` (`''`,
 * `policy`, …). Package-internal: shared with the canary request parser, which reaches a policy
 * through three spellings.
 */
export function resolveSloPolicy(
  input: SloPolicyInput,
  at: string,
  bounds: PolicyBounds = resolvePolicyBounds(),
): SloPolicyParseResult {
  const issues: ValidationIssue[] = [];
  const flat = TARGET_KEYS.filter((key) => input[key] !== undefined);
  if (flat.length > 0 && input.targets !== undefined) {
    issues.push({
      path: joinPath(at, 'targets'),
      message: `expected targets either inside targets or beside the knobs, not both, received ${flat.join(', ')} beside targets`,
    });
    return { success: false, issues };
  }
  const targetsAt = flat.length > 0 ? at : joinPath(at, 'targets');
  const written = flat.length > 0 ? input : (input.targets ?? {});

  const { error_rate: alias, max_error_rate: maxErrorRate } = written;
  if (alias !== undefined && maxErrorRate !== undefined && alias !== maxErrorRate) {
    issues.push({
      path: joinPath(targetsAt, 'error_rate'),
      message: `expected error_rate (an alias of max_error_rate) to equal max_error_rate ${maxErrorRate}, received ${alias}`,
    });
  }
  const targets = definedOnly({
    latency_p95_ms: written.latency_p95_ms,
    max_error_rate: maxErrorRate ?? alias,
    max_drift: written.max_drift,
    error_budget: written.error_budget,
  });
  // An error budget is judged sample by sample (on the error rate), so it counts alone.
  if (Object.keys(targets).length === 0) {
    issues.push({
      path: targetsAt,
      message:
        'expected at least one target (latency_p95_ms, max_error_rate, max_drift or error_budget): a canary must target a metric',
    });
  }

  const judging = resolveJudging(input, at);
  issues.push(...judging.issues);
  const policy: SloPolicy = {
    windowSeconds: input.windowSeconds ?? POLICY_DEFAULTS.windowSeconds,
    intervalSeconds: input.intervalSeconds ?? POLICY_DEFAULTS.intervalSeconds,
    failureLimit: input.failureLimit ?? POLICY_DEFAULTS.failureLimit,
    minSamples: input.minSamples ?? POLICY_DEFAULTS.minSamples,
    targets,
    ...(input.steps === undefined ? {} : { steps: input.steps }),
    ...judging.policy,
  };
  const schedule = scheduleIssues(policy, input, at, bounds);
  issues.push(...schedule);
  // Steps are checked against a schedule that holds: their rules compare with its knobs.
  if (policy.steps !== undefined && schedule.length === 0) {
    issues.push(...stepsIssues(policy.steps, policy, at, input.windowSeconds === undefined));
  }
  // A ladder of weights alone completes at its start, before any sample: it could only roll back.
  if (policy.steps !== undefined && policy.compare !== undefined && !policy.steps.some(isPause)) {
    issues.push({
      path: joinPath(at, 'steps'),
      message:
        'expected a pause among the steps when compare is given: a ladder of setWeight steps alone completes at once, ' +
        'before any sample to compare with the baseline',
    });
  }
  return issues.length > 0 ? { success: false, issues } : { success: true, policy };
}

// Within the bounds first (one policy must not exhaust the cockpit); then the window must hold an
// interval, and enough intervals for minSamples, or the canary can only roll back.
function scheduleIssues(
  policy: SloPolicy,
  input: SloPolicyInput,
  at: string,
  bounds: PolicyBounds,
): ValidationIssue[] {
  const outOfBounds = policyBoundsIssues(policy, bounds, at);
  if (outOfBounds.length > 0) return outOfBounds;
  const { windowSeconds, intervalSeconds, minSamples } = policy;
  // A default can clash with a short window; say so, or the operator hunts for a value they never wrote.
  const defaulted = (key: keyof SloPolicyInput) => (input[key] === undefined ? ' (the default)' : '');
  if (intervalSeconds > windowSeconds) {
    return [
      {
        path: joinPath(at, 'intervalSeconds'),
        message: `expected at most windowSeconds (${windowSeconds}), received ${intervalSeconds}${defaulted('intervalSeconds')}`,
      },
    ];
  }
  const capacity = maxSampleCount(policy);
  if (minSamples > capacity) {
    return [
      {
        path: joinPath(at, 'minSamples'),
        message:
          `expected at most ${capacity}, received ${minSamples}${defaulted('minSamples')}: a ${windowSeconds}s window sampled every ` +
          `${intervalSeconds}s holds ${capacity} samples, so the canary could never promote`,
      },
    ];
  }
  return [];
}

function definedOnly(
  targets: { readonly [Key in keyof SloTargets]: SloTargets[Key] | undefined },
): SloTargets {
  return Object.fromEntries(Object.entries(targets).filter(([, value]) => value !== undefined));
}

/**
 * Checks a policy without throwing: `{ success: true, policy }` with defaults applied, or every
 * issue. The policy must keep `options.bounds` (default `POLICY_BOUNDS`: interval >= 1 s, window
 * <= 7 days, <= 10,000 samples).
 *
 * @example
 * const result = safeParseSloPolicy({ latency_p95_ms: 800, error_rate: 0.01 });
 * if (result.success) result.policy.targets; // { latency_p95_ms: 800, max_error_rate: 0.01 }
 */
export function safeParseSloPolicy(input: unknown, options: PolicyParseOptions = {}): SloPolicyParseResult {
  const bounds = resolvePolicyBounds(options.bounds);
  const shape = v.safeParse(SloPolicyInputSchema, input);
  if (!shape.success) return { success: false, issues: toValidationIssues(shape.issues) };
  return resolveSloPolicy(shape.output, '', bounds);
}

/**
 * A complete policy from any accepted spelling, or a `DomainError` `INVALID_POLICY` listing every issue.
 *
 * @example
 * parseSloPolicy({ windowSeconds: 120, targets: { latency_p95_ms: 250, max_error_rate: 0.02 } });
 * // { windowSeconds: 120, intervalSeconds: 30, failureLimit: 0, minSamples: 3, targets: {…} }
 */
export function parseSloPolicy(input: unknown, options: PolicyParseOptions = {}): SloPolicy {
  const result = safeParseSloPolicy(input, options);
  if (result.success) return result.policy;
  throw new DomainError('INVALID_POLICY', `invalid SLO policy: ${describeIssues(result.issues)}`, {
    issues: result.issues,
  });
}

function isPause(step: CanaryStep): boolean {
  return 'pause' in step;
}
