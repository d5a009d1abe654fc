/**
 * Valibot shapes of the cockpit's records as the tools return them (the wire contract): the server
 * publishes them as the output schemas of `tools/list` and the SDK checks every `structuredContent`
 * against them; the client SDK's types are generated from them, descriptions included. Objects stay
 * open (extra fields are allowed) so a record that grows a field does not break older clients.
 */
import * as v from 'valibot';
import {
  CANARY_DECISION_OUTCOMES,
  CANARY_DECISION_RULES,
  CANARY_STATUSES,
  JOB_STATUSES,
} from './statuses.ts';

/** A time on the wire. */
export const IsoTimeSchema = v.pipe(v.string(), v.description('ISO 8601 UTC time'));
const nullableIsoTime = v.nullable(IsoTimeSchema);

/** A job's status. */
export const JobStatusSchema = v.pipe(
  v.picklist(JOB_STATUSES),
  v.description('The statuses of a job, in lifecycle order.'),
);

/** A canary's status. */
export const CanaryStatusSchema = v.pipe(
  v.picklist(CANARY_STATUSES),
  v.description('The statuses of a canary: running (or paused at a manual step) until exactly one decision.'),
);

/** The rule of the SPEC that decided a canary. */
export const CanaryDecisionRuleSchema = v.pipe(
  v.picklist(CANARY_DECISION_RULES),
  v.description('The rule that decided a canary.'),
);

/** An evaluation job (core's `JobRecord`). */
export const JobRecordSchema = v.pipe(
  v.object({
    jobId: v.pipe(v.string(), v.description('e.g. job_k3j9x0a1m2qz')),
    taskId: v.string(),
    configId: v.nullable(v.string()),
    status: JobStatusSchema,
    progress: v.pipe(
      v.nullable(v.number()),
      v.description('0..1 while running, 1 when completed, null before the first progress report'),
    ),
    message: v.pipe(v.nullable(v.string()), v.description('last progress message')),
    result: v.pipe(v.unknown(), v.description('what the task reported when it completed')),
    error: v.pipe(v.nullable(v.string()), v.description('why it failed or was cancelled')),
    details: v.pipe(
      v.nullable(v.record(v.string(), v.unknown())),
      v.description('extra facts: exit status, signal, log tail, simulated'),
    ),
    operator: v.pipe(v.string(), v.description('who submitted it')),
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
    startedAt: nullableIsoTime,
    finishedAt: nullableIsoTime,
  }),
  v.description('An evaluation job.'),
);

const TargetsSchema = v.object({
  latency_p95_ms: v.optional(v.number()),
  max_error_rate: v.optional(v.number()),
  max_drift: v.optional(v.number()),
  error_budget: v.pipe(
    v.optional(v.object({ slo: v.number(), maxBurnRate: v.number() })),
    v.description('burn-rate target: a sample breaches when error_rate / (1 - slo) > maxBurnRate'),
  ),
});

const AllowedIncreaseSchema = v.union([
  v.object({ maxIncreasePct: v.pipe(v.number(), v.description('percent of the baseline median')) }),
  v.object({ maxIncrease: v.pipe(v.number(), v.description("in the metric's unit")) }),
]);
const JudgedMetricSchema = v.picklist(['latency_p95_ms', 'error_rate', 'drift']);

/** A complete SLO policy, defaults applied. */
/** One traffic step of a policy: `{setWeight}` or `{pause: {seconds?}}`. */
export const CanaryStepSchema = v.pipe(
  v.union([
    v.object({ setWeight: v.pipe(v.number(), v.description('percent of the traffic sent to toGate')) }),
    v.object({
      pause: v.object({
        seconds: v.pipe(v.optional(v.number()), v.description('left out: waits for promote_canary')),
      }),
    }),
  ]),
  v.description(
    'One traffic step: {setWeight: 0..100}, {pause: {seconds}} or {pause: {}} (waits for promote_canary).',
  ),
);

export const PolicySchema = v.pipe(
  v.object({
    windowSeconds: v.number(),
    intervalSeconds: v.number(),
    failureLimit: v.number(),
    minSamples: v.number(),
    targets: TargetsSchema,
    steps: v.pipe(
      v.optional(v.array(CanaryStepSchema)),
      v.description('traffic steps, in order; left out: the window decides'),
    ),
    baseline: v.pipe(
      v.optional(
        v.object({ gate: v.optional(v.string()), metrics: v.optional(v.array(JudgedMetricSchema)) }),
      ),
      v.description('the baseline gate sampled beside the canary (gate resolved to fromGate when left out)'),
    ),
    compare: v.pipe(
      v.optional(
        v.object({
          latency_p95_ms: v.optional(AllowedIncreaseSchema),
          error_rate: v.optional(AllowedIncreaseSchema),
          drift: v.optional(AllowedIncreaseSchema),
        }),
      ),
      v.description('per metric, the regression allowed against the baseline'),
    ),
    judge: v.pipe(
      v.optional(v.object({ confidence: v.number() })),
      v.description('the confidence of the baseline comparison (0.95 when judge is given without it)'),
    ),
    dryRun: v.pipe(
      v.optional(v.array(JudgedMetricSchema)),
      v.description('metrics judged and shown, never decisive'),
    ),
  }),
  v.description("A canary's SLO policy with the server's defaults applied."),
);

const SloValuesSchema = v.record(v.string(), v.nullable(v.number()));
const BreachSchema = v.object({
  metric: v.pipe(v.string(), v.description('a metric, or error_budget (value = the burn rate)')),
  value: v.number(),
  target: v.number(),
  dryRun: v.pipe(v.optional(v.literal(true)), v.description('a dryRun metric: shown, never decisive')),
});

/** The baseline gate's reading taken with a canary sample (core's `BaselineSample`). */
const BaselineSampleSchema = v.pipe(
  v.object({
    gate: v.string(),
    observed: v.pipe(SloValuesSchema, v.description('as read from the monitor; null = missing')),
    values: v.pipe(SloValuesSchema, v.description('missing sampled values become conservative')),
    fallback: v.pipe(
      v.boolean(),
      v.description('true when a sampled value was missing: left out of the comparisons'),
    ),
    fallbackReasons: v.record(v.string(), v.string()),
  }),
  v.description('The baseline gate read with this sample; never judged against the targets.'),
);

/** One judged SLO sample. */
export const SampleSchema = v.pipe(
  v.object({
    seq: v.pipe(v.number(), v.description("1-based position in the canary's sample sequence")),
    at: IsoTimeSchema,
    observed: v.pipe(SloValuesSchema, v.description('as read from the monitor; null = missing')),
    values: v.pipe(SloValuesSchema, v.description('as judged: missing targeted values become conservative')),
    fallback: v.pipe(
      v.boolean(),
      v.description('true when any targeted value was replaced by its conservative value'),
    ),
    fallbackReasons: v.pipe(
      v.record(v.string(), v.string()),
      v.description('why a value is missing, per metric (e.g. "prometheus unreachable: ECONNREFUSED")'),
    ),
    breaches: v.array(BreachSchema),
    breached: v.pipe(v.boolean(), v.description('a breach that counts (not on a dryRun metric)')),
    baseline: v.optional(BaselineSampleSchema),
  }),
  v.description('One judged SLO sample.'),
);

/** One step of a ladder as it went (core's `StepMath`). */
export const StepMathSchema = v.pipe(
  v.object({
    index: v.number(),
    step: CanaryStepSchema,
    startedAt: IsoTimeSchema,
    endedAt: v.pipe(nullableIsoTime, v.description('null while the step is in progress')),
    weight: v.pipe(
      v.number(),
      v.description('the weight of toGate while this step holds (after it, for a setWeight)'),
    ),
    samples: v.pipe(v.number(), v.description('samples taken while this step held')),
    breaches: v.pipe(v.number(), v.description('how many of them breached')),
    endedBy: v.pipe(
      v.nullable(v.picklist(['clock', 'promoted', 'full'])),
      v.description('promoted: a person ended the pause; full: and skipped the rest; null while in progress'),
    ),
  }),
  v.description('One traffic step as it went: when it began and ended, the weight it left, its samples.'),
);

/** Where a canary with steps stands in its math (core's `StepsMath`). */
export const StepsMathSchema = v.pipe(
  v.object({
    index: v.pipe(v.number(), v.description('the step in progress (count once every step is done)')),
    count: v.number(),
    weight: v.pipe(
      v.number(),
      v.description('the weight of toGate the router should hold: 0 once rolled back, 100 once promoted'),
    ),
    paused: v.pipe(v.boolean(), v.description('waiting at a pause: {} for promote_canary')),
    timeline: v.array(StepMathSchema),
  }),
  v.description(
    'Where a canary with steps stands: its ladder and the weight its traffic router should hold.',
  ),
);

/** Where a canary with steps stands on its traffic ladder (core's `CanaryTraffic`). */
export const CanaryTrafficSchema = v.pipe(
  v.object({
    weight: v.pipe(
      v.number(),
      v.description('the weight of toGate (0..100) the traffic router last applied'),
    ),
    stepIndex: v.pipe(
      v.number(),
      v.description('the step in progress, 0-based (stepCount once every step is done)'),
    ),
    stepCount: v.number(),
    promotions: v.pipe(
      v.array(v.object({ at: IsoTimeSchema, full: v.boolean(), operator: v.string() })),
      v.description('the promote_canary calls, oldest first'),
    ),
  }),
  v.description('Where a canary with steps stands on its traffic ladder: weight, step, promotions.'),
);

/** One metric of the canary compared with its baseline (core's `ComparisonMath`). */
export const ComparisonMathSchema = v.pipe(
  v.object({
    metric: JudgedMetricSchema,
    dryRun: v.pipe(v.boolean(), v.description('a dryRun metric: shown, never decisive')),
    verdict: v.pipe(
      v.picklist(['Pass', 'High', 'Low', 'NoData']),
      v.description(
        'High: worse beyond the allowed increase; Low: better; NoData: too few samples on a side',
      ),
    ),
    canary: v.pipe(v.array(v.number()), v.description("the canary's real values compared, in sample order")),
    baseline: v.pipe(v.array(v.number()), v.description("the baseline's real values compared")),
    confidence: v.number(),
    allowed: AllowedIncreaseSchema,
    allowedIncrease: v.pipe(
      v.nullable(v.number()),
      v.description("the allowed increase in the metric's unit (maxIncreasePct of the baseline median)"),
    ),
    baselineMedian: v.nullable(v.number()),
    u: v.pipe(v.nullable(v.number()), v.description("the canary's Mann-Whitney U")),
    pWorse: v.pipe(v.nullable(v.number()), v.description('one-sided p-value that the canary is worse')),
    pBetter: v.pipe(v.nullable(v.number()), v.description('one-sided p-value that the canary is better')),
    method: v.nullable(v.picklist(['exact', 'asymptotic'])),
    shift: v.pipe(
      v.nullable(
        v.object({ estimate: v.number(), lower: v.nullable(v.number()), upper: v.nullable(v.number()) }),
      ),
      v.description('Hodges-Lehmann shift canary − baseline with its interval (null bounds: unbounded)'),
    ),
    reason: v.pipe(
      v.string(),
      v.description('one line, e.g. "latency_p95_ms +33.3% vs baseline (p=0.004, allowed +10%)"'),
    ),
  }),
  v.description(
    'One metric of the canary compared with its baseline: both series, the test and the verdict.',
  ),
);

/** The math of a canary decision (core's `DecisionMath`). */
export const DecisionMathSchema = v.pipe(
  v.object({
    policy: PolicySchema,
    window: v.object({ startedAt: IsoTimeSchema, endsAt: IsoTimeSchema, elapsed: v.boolean() }),
    samples: v.pipe(
      v.array(
        v.object({
          ...SampleSchema.entries,
          breachesSoFar: v.pipe(
            v.number(),
            v.description('breaches counted up to and including this sample'),
          ),
        }),
      ),
      v.description('the judged samples in time order: inside the window, up to now and up to the decision'),
    ),
    counts: v.object({
      samples: v.number(),
      real: v.number(),
      fallback: v.number(),
      breaches: v.number(),
      ignored: v.pipe(
        v.number(),
        v.description('samples not judged: taken after the window end, after now, or after the decision'),
      ),
    }),
    rule: v.nullable(CanaryDecisionRuleSchema),
    outcome: v.nullable(v.picklist(CANARY_DECISION_OUTCOMES)),
    decidingSample: v.pipe(
      v.nullable(v.number()),
      v.description('the sample whose breach crossed failureLimit (rule breach_limit), else null'),
    ),
    firstBreachAt: nullableIsoTime,
    decidedAt: nullableIsoTime,
    breachToActionSeconds: v.pipe(
      v.nullable(v.number()),
      v.description(
        'seconds from the first breaching sample to the decision; null without a breach or a decision',
      ),
    ),
    steps: v.pipe(v.optional(StepsMathSchema), v.description('the traffic ladder, for a policy with steps')),
    comparisons: v.pipe(
      v.optional(
        v.object({
          at: v.pipe(IsoTimeSchema, v.description('samples taken up to this instant were compared')),
          metrics: v.array(ComparisonMathSchema),
        }),
      ),
      v.description('the canary against its baseline, per compare metric (a policy with compare)'),
    ),
    explanation: v.pipe(
      v.string(),
      v.description(
        'one sentence a human can read, e.g. "rolled back at sample 2: 1 breaching sample exceeds …"',
      ),
    ),
  }),
  v.description(
    'The math behind a canary decision (or the state so far when undecided): what why_math shows.',
  ),
);

/** A canary (core's `CanaryRecord`); `math` is left out of lists. */
export const CanaryRecordSchema = v.pipe(
  v.object({
    canaryId: v.pipe(v.string(), v.description('e.g. canary_7fh2m9qz0c4d')),
    modelId: v.string(),
    fromGate: v.string(),
    toGate: v.string(),
    status: CanaryStatusSchema,
    policy: PolicySchema,
    webhooks: v.pipe(
      v.nullable(v.record(v.string(), v.string())),
      v.description(
        "the canary's own webhook URLs, shown as their origin only (https://hooks.example.com/…): tokens are never shown",
      ),
    ),
    operator: v.pipe(v.string(), v.description('who started it')),
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
    startedAt: v.pipe(IsoTimeSchema, v.description('start of the SLO window')),
    windowEndsAt: IsoTimeSchema,
    decidedAt: nullableIsoTime,
    decision: v.nullable(
      v.object({
        outcome: v.picklist(CANARY_DECISION_OUTCOMES),
        rule: v.string(),
        reason: v.string(),
      }),
    ),
    math: v.optional(
      v.pipe(
        v.nullable(DecisionMathSchema),
        v.description('the full math of the decision; left out of lists'),
      ),
    ),
    traffic: v.pipe(
      v.nullable(CanaryTrafficSchema),
      v.description('the traffic ladder of a canary with steps; null without steps'),
    ),
  }),
  v.description('A canary promotion of a model from one gate to another.'),
);
