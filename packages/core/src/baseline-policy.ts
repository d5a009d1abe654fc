/**
 * The policy fields for judging a canary against a baseline (SPEC part two, "Judging against a
 * baseline"): which gate and metrics the baseline is sampled on (`baseline`), how much worse each
 * metric may be (`compare`), at what confidence (`judge`), and which metrics are judged but never
 * decisive (`dryRun`). Shapes here; what they mean at a decision point is `compareWithBaseline`'s.
 */
import * as v from 'valibot';
import type { AllowedIncrease } from './baseline-comparison.ts';
import { DEFAULT_JUDGE_CONFIDENCE } from './baseline-comparison.ts';
import type { ValidationIssue } from './errors.ts';
import type { SloMetric } from './records.ts';
import { closedObject, expecting, joinPath } from './validation.ts';

/** Where and what the baseline is sampled: `gate` defaults to the canary's `fromGate`. */
export interface BaselinePolicy {
  readonly gate?: string;
  /** The metrics sampled on the baseline gate; left out, every compared metric. */
  readonly metrics?: readonly SloMetric[];
}

/** The allowed regression per metric. */
export type ComparePolicy = Readonly<Partial<Record<SloMetric, AllowedIncrease>>>;

/** How sure the judge must be. */
export interface JudgePolicy {
  /** Confidence of the Mann-Whitney U test and of the Hodges-Lehmann interval (0.5..0.999). */
  readonly confidence: number;
}

/** The metrics `compare`, `baseline.metrics` and `dryRun` may name (the SLO metrics, in sample order). */
export const JUDGED_METRICS = [
  'latency_p95_ms',
  'error_rate',
  'drift',
] as const satisfies readonly SloMetric[];

/** The range `judge.confidence` must fall in: below 0.5 a "regression" is a coin toss, above 0.999 never provable. */
export const JUDGE_CONFIDENCE_RANGE = { min: 0.5, max: 0.999 } as const;

const METRIC_LIST = JUDGED_METRICS.join(', ');
const metricName = v.picklist(JUDGED_METRICS, expecting(`a metric name (${METRIC_LIST})`));
const metricList = (description: string) =>
  v.pipe(
    v.array(metricName, expecting('a list of metric names')),
    v.check((metrics: SloMetric[]) => isDistinct(metrics), 'expected each metric once'),
    v.description(description),
  );

const gateName = v.pipe(
  v.string(expecting('a string')),
  v.trim(),
  v.nonEmpty('expected a non-empty string'),
  v.maxLength(200, expecting('at most 200 characters')),
  v.regex(/^\P{Cc}*$/u, 'expected no control characters'),
  v.description('the gate the baseline is sampled on (default fromGate); never the toGate'),
);

const percent = v.pipe(
  v.number(expecting('a percentage from 0 to 100')),
  v.minValue(0, expecting('a percentage from 0 to 100')),
  v.maxValue(100, expecting('a percentage from 0 to 100')),
  v.description('allowed increase over the baseline median, percent (0..100)'),
);
const amount = v.pipe(
  v.number(expecting('a number >= 0')),
  v.finite(expecting('a number >= 0')),
  v.minValue(0, expecting('a number >= 0')),
  v.description("allowed increase in the metric's unit (ms, or a fraction for rates)"),
);

const AllowedIncreaseInputSchema = closedObject({
  maxIncreasePct: v.optional(percent),
  maxIncrease: v.optional(amount),
});

/** `baseline: {gate?, metrics?}` as accepted. Package-internal: part of the policy schema. */
export const BaselineInputSchema = v.pipe(
  closedObject({
    gate: v.optional(gateName),
    metrics: v.optional(
      metricList(`metrics sampled on the baseline gate (${METRIC_LIST}); default: the compared ones`),
    ),
  }),
  v.description('sample a baseline gate beside the canary every interval: {gate?, metrics?}'),
);

/** `compare: {<metric>: {maxIncreasePct} | {maxIncrease}}` as accepted. Package-internal. */
export const CompareInputSchema = v.pipe(
  // Spelled out, not built from JUDGED_METRICS: the wire types need the keys.
  closedObject({
    latency_p95_ms: v.optional(AllowedIncreaseInputSchema),
    error_rate: v.optional(AllowedIncreaseInputSchema),
    drift: v.optional(AllowedIncreaseInputSchema),
  }),
  v.description(
    'per metric, the regression the canary may show against the baseline: {maxIncreasePct: 0..100} or {maxIncrease: N}',
  ),
);

/** `judge: {confidence?}` as accepted. Package-internal. */
export const JudgeInputSchema = v.pipe(
  closedObject({
    confidence: v.optional(
      v.pipe(
        v.number(expecting('a confidence from 0.5 to 0.999')),
        v.minValue(JUDGE_CONFIDENCE_RANGE.min, expecting('a confidence from 0.5 to 0.999')),
        v.maxValue(JUDGE_CONFIDENCE_RANGE.max, expecting('a confidence from 0.5 to 0.999')),
        v.description(`confidence of the baseline comparison (default ${DEFAULT_JUDGE_CONFIDENCE})`),
      ),
    ),
  }),
  v.description('how sure the baseline comparison must be: {confidence}'),
);

/** `dryRun: [metric…]` as accepted. Package-internal. */
export const DryRunInputSchema = metricList('metrics judged and shown but never decisive (Argo dry-run)');

/** The judging fields of a policy after the shape checks. */
export interface JudgingInput {
  readonly baseline?: v.InferOutput<typeof BaselineInputSchema>;
  readonly compare?: v.InferOutput<typeof CompareInputSchema>;
  readonly judge?: v.InferOutput<typeof JudgeInputSchema>;
  readonly dryRun?: v.InferOutput<typeof DryRunInputSchema>;
}

/** The judging fields resolved: only those given, with `judge.confidence` defaulted. */
export interface JudgingPolicy {
  readonly baseline?: BaselinePolicy;
  readonly compare?: ComparePolicy;
  readonly judge?: JudgePolicy;
  readonly dryRun?: readonly SloMetric[];
}

/**
 * Resolves the judging fields and checks the rules across them, each issue under `at`: every allowance
 * names exactly one of maxIncreasePct / maxIncrease, `compare` needs a `baseline` to compare with, and
 * a compared metric must be sampled on the baseline.
 */
export function resolveJudging(
  input: JudgingInput,
  at: string,
): { readonly policy: JudgingPolicy; readonly issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const compare: Partial<Record<SloMetric, AllowedIncrease>> = {};
  for (const metric of JUDGED_METRICS) {
    const allowance = input.compare?.[metric];
    if (allowance === undefined) continue;
    const path = joinPath(joinPath(at, 'compare'), metric);
    const { maxIncreasePct, maxIncrease } = allowance;
    if ((maxIncreasePct === undefined) === (maxIncrease === undefined)) {
      issues.push({ path, message: 'expected exactly one of maxIncreasePct or maxIncrease' });
    } else {
      compare[metric] =
        maxIncreasePct !== undefined ? { maxIncreasePct } : { maxIncrease: maxIncrease as number };
    }
  }
  const compared = Object.keys(compare) as SloMetric[];
  if (input.compare !== undefined && input.baseline === undefined) {
    issues.push({
      path: joinPath(at, 'compare'),
      message: 'expected a baseline to compare with: add baseline: {} (its gate defaults to fromGate)',
    });
  }
  const sampled = input.baseline?.metrics;
  if (sampled !== undefined) {
    for (const metric of compared.filter((name) => !sampled.includes(name))) {
      issues.push({
        path: joinPath(joinPath(at, 'compare'), metric),
        message: `expected a metric sampled on the baseline (baseline.metrics: ${sampled.join(', ') || 'none'}), received ${metric}`,
      });
    }
  }
  const policy: JudgingPolicy = {
    ...(input.baseline === undefined ? {} : { baseline: definedOnly(input.baseline) }),
    ...(input.compare === undefined ? {} : { compare }),
    ...(input.judge === undefined
      ? {}
      : { judge: { confidence: input.judge.confidence ?? DEFAULT_JUDGE_CONFIDENCE } }),
    ...(input.dryRun === undefined ? {} : { dryRun: input.dryRun }),
  };
  return { policy, issues };
}

function definedOnly(baseline: NonNullable<JudgingInput['baseline']>): BaselinePolicy {
  return {
    ...(baseline.gate === undefined ? {} : { gate: baseline.gate }),
    ...(baseline.metrics === undefined ? {} : { metrics: baseline.metrics }),
  };
}

function isDistinct(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}
