/**
 * Valibot shapes of the cockpit's records as the tools return them (the wire contract): the server
 * publishes them as the output schemas of `tools/list` and the SDK checks every `structuredContent`
 * against them; the client's types are pinned to their inferred types. Objects stay open (extra
 * fields are allowed) so a record that grows a field does not break older clients.
 */
import * as v from 'valibot';
import {
  CANARY_DECISION_OUTCOMES,
  CANARY_DECISION_RULES,
  CANARY_STATUSES,
  JOB_STATUSES,
} from './statuses.ts';

const isoTime = v.pipe(v.string(), v.description('ISO 8601 UTC time'));
const nullableIsoTime = v.nullable(isoTime);

/** An evaluation job (core's `JobRecord`). */
export const JobRecordSchema = v.object({
  jobId: v.pipe(v.string(), v.description('e.g. job_k3j9x0a1m2qz')),
  taskId: v.string(),
  configId: v.nullable(v.string()),
  status: v.picklist(JOB_STATUSES),
  progress: v.pipe(v.nullable(v.number()), v.description('0..1 while running, 1 when completed')),
  message: v.pipe(v.nullable(v.string()), v.description('last progress message')),
  result: v.pipe(v.unknown(), v.description('what the task reported when it completed')),
  error: v.pipe(v.nullable(v.string()), v.description('why it failed or was cancelled')),
  details: v.nullable(v.record(v.string(), v.unknown())),
  operator: v.pipe(v.string(), v.description('who submitted it')),
  createdAt: isoTime,
  updatedAt: isoTime,
  startedAt: nullableIsoTime,
  finishedAt: nullableIsoTime,
});

const TargetsSchema = v.object({
  latency_p95_ms: v.optional(v.number()),
  max_error_rate: v.optional(v.number()),
  max_drift: v.optional(v.number()),
});

const StepSchema = v.union([
  v.object({ setWeight: v.number() }),
  v.object({ pause: v.object({ seconds: v.optional(v.number()) }) }),
]);

/** A complete SLO policy, defaults applied. */
export const PolicySchema = v.object({
  windowSeconds: v.number(),
  intervalSeconds: v.number(),
  failureLimit: v.number(),
  minSamples: v.number(),
  targets: TargetsSchema,
  steps: v.optional(v.array(StepSchema)),
});

/** Where a canary with steps stands (core's `CanaryTraffic`). */
export const CanaryTrafficSchema = v.object({
  weight: v.pipe(v.number(), v.description('percent of the traffic the router sends to toGate')),
  stepIndex: v.pipe(v.number(), v.description('the step in progress, 0-based (stepCount once all are done)')),
  stepCount: v.number(),
  promotions: v.array(v.object({ at: isoTime, full: v.boolean(), operator: v.string() })),
});

const SloValuesSchema = v.record(v.string(), v.nullable(v.number()));
const BreachSchema = v.object({ metric: v.string(), value: v.number(), target: v.number() });

/** One judged SLO sample. */
export const SampleSchema = v.object({
  seq: v.number(),
  at: isoTime,
  observed: v.pipe(SloValuesSchema, v.description('as read from the monitor; null = missing')),
  values: v.pipe(SloValuesSchema, v.description('as judged: missing targeted values become conservative')),
  fallback: v.boolean(),
  fallbackReasons: v.record(v.string(), v.string()),
  breaches: v.array(BreachSchema),
  breached: v.boolean(),
});

/** The math of a canary decision (core's `DecisionMath`). */
export const DecisionMathSchema = v.object({
  policy: PolicySchema,
  window: v.object({ startedAt: isoTime, endsAt: isoTime, elapsed: v.boolean() }),
  samples: v.array(v.object({ ...SampleSchema.entries, breachesSoFar: v.number() })),
  counts: v.object({
    samples: v.number(),
    real: v.number(),
    fallback: v.number(),
    breaches: v.number(),
    ignored: v.number(),
  }),
  rule: v.nullable(v.picklist(CANARY_DECISION_RULES)),
  outcome: v.nullable(v.picklist(CANARY_DECISION_OUTCOMES)),
  decidingSample: v.nullable(v.number()),
  firstBreachAt: nullableIsoTime,
  decidedAt: nullableIsoTime,
  breachToActionSeconds: v.nullable(v.number()),
  steps: v.optional(
    v.object({
      index: v.number(),
      count: v.number(),
      weight: v.number(),
      paused: v.boolean(),
      timeline: v.array(
        v.object({
          index: v.number(),
          step: StepSchema,
          startedAt: isoTime,
          endedAt: nullableIsoTime,
          weight: v.number(),
          samples: v.number(),
          breaches: v.number(),
          endedBy: v.nullable(v.picklist(['clock', 'promoted', 'full'])),
        }),
      ),
    }),
  ),
  explanation: v.string(),
});

/** A canary (core's `CanaryRecord`); `math` is left out of lists. */
export const CanaryRecordSchema = v.object({
  canaryId: v.pipe(v.string(), v.description('e.g. canary_7fh2m9qz0c4d')),
  modelId: v.string(),
  fromGate: v.string(),
  toGate: v.string(),
  status: v.picklist(CANARY_STATUSES),
  policy: PolicySchema,
  webhooks: v.pipe(
    v.nullable(v.record(v.string(), v.string())),
    v.description("the canary's own webhook URLs, shown as their origin only (https://hooks.example.com/…)"),
  ),
  operator: v.pipe(v.string(), v.description('who started it')),
  createdAt: isoTime,
  updatedAt: isoTime,
  startedAt: v.pipe(v.string(), v.description('start of the SLO window')),
  windowEndsAt: isoTime,
  decidedAt: nullableIsoTime,
  decision: v.nullable(
    v.object({
      outcome: v.picklist(CANARY_DECISION_OUTCOMES),
      rule: v.string(),
      reason: v.string(),
    }),
  ),
  math: v.optional(v.nullable(DecisionMathSchema)),
  traffic: v.pipe(
    v.nullable(CanaryTrafficSchema),
    v.description('the traffic ladder of a canary with steps: weight, step, promotions; null without steps'),
  ),
});
