/**
 * The one place rows become records and records become rows. Times convert between ISO/epoch ms
 * and stored text; JSON columns are read defensively.
 */
import type {
  AuditEntry,
  BaselineSample,
  CanaryDecisionRule,
  CanaryRecord,
  CanaryStatus,
  CanaryTraffic,
  CanaryWebhooks,
  CockpitEvent,
  DecisionMath,
  EventKind,
  JobRecord,
  JobStatus,
  ModelRecord,
  NarrativeEntry,
  SampleBreach,
  SloMetric,
  SloPolicy,
  StoredSample,
} from '@lukhas/core';
import { formatNarrativeLine, narrativeLineAt } from '@lukhas/narrative';
import type { Insertable, Selectable } from 'kysely';
import type {
  AuditsNarrativeTable,
  AuditsTable,
  CanariesTable,
  CanaryMetricsTable,
  EventsTable,
  JobsTable,
  ModelsTable,
} from './database-schema.ts';
import {
  isPlainObject,
  parseJsonArray,
  parseJsonColumn,
  parseJsonObject,
  toJsonColumn,
} from './json-column.ts';
import { PersistenceError } from './persistence-error.ts';
import {
  fromStoredTime,
  fromStoredTimeOrNull,
  storedMinute,
  storedTimeToMs,
  toStoredTime,
} from './stored-time.ts';

const SLO_METRICS: readonly SloMetric[] = ['latency_p95_ms', 'error_rate', 'drift'];

/** A job as its `jobs` row (without `owner_replica`, which only the shared queue's claims write). */
export function jobToRow(job: JobRecord): Omit<Selectable<JobsTable>, 'owner_replica'> {
  return {
    job_id: job.jobId,
    task_id: job.taskId,
    config_id: job.configId,
    status: job.status,
    progress: job.progress,
    message: job.message,
    result: toJsonColumn(job.result),
    error: job.error,
    details: toJsonColumn(job.details),
    operator: job.operator,
    created_at: toStoredTime(job.createdAt),
    updated_at: toStoredTime(job.updatedAt),
    started_at: job.startedAt === null ? null : toStoredTime(job.startedAt),
    finished_at: job.finishedAt === null ? null : toStoredTime(job.finishedAt),
  };
}

/** A `jobs` row as a job. */
export function rowToJob(row: Selectable<JobsTable>): JobRecord {
  return {
    jobId: row.job_id,
    taskId: row.task_id,
    configId: row.config_id,
    status: row.status as JobStatus,
    progress: row.progress,
    message: row.message,
    result: parseJsonColumn(row.result) ?? null,
    error: row.error,
    details: parseJsonObject(row.details),
    operator: row.operator,
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
    startedAt: fromStoredTimeOrNull(row.started_at),
    finishedAt: fromStoredTimeOrNull(row.finished_at),
  };
}

/** A canary as its `canaries` row; `holds_model` is written at start only (`canary-row-write.ts`). */
export function canaryToRow(canary: CanaryRecord): Omit<Selectable<CanariesTable>, 'holds_model'> {
  return {
    id: canary.canaryId,
    model_id: canary.modelId,
    from_gate: canary.fromGate,
    to_gate: canary.toGate,
    status: canary.status,
    policy: JSON.stringify(canary.policy),
    webhooks: toJsonColumn(canary.webhooks),
    operator: canary.operator,
    created_at: toStoredTime(canary.createdAt),
    updated_at: toStoredTime(canary.updatedAt),
    started_at: toStoredTime(canary.startedAt),
    window_ends_at: toStoredTime(canary.windowEndsAt),
    decided_at: canary.decidedAt === null ? null : toStoredTime(canary.decidedAt),
    decision: canary.decision?.outcome ?? null,
    decision_rule: canary.decision?.rule ?? null,
    decision_reason: canary.decision?.reason ?? null,
    decision_math: toJsonColumn(canary.math),
    traffic: toJsonColumn(canary.traffic),
  };
}

/** A `canaries` row as a canary; its policy must be readable, a canary cannot be judged without it. */
export function rowToCanary(row: Selectable<CanariesTable>): CanaryRecord {
  const policy = parseJsonObject(row.policy);
  if (policy === null) {
    throw new PersistenceError('CORRUPT_ROW', `Canary ${row.id} has an unreadable policy: ${row.policy}`);
  }
  const outcome = row.decision === 'promote' || row.decision === 'rollback' ? row.decision : null;
  return {
    canaryId: row.id,
    modelId: row.model_id,
    fromGate: row.from_gate,
    toGate: row.to_gate,
    status: row.status as CanaryStatus,
    policy: policy as unknown as SloPolicy,
    webhooks: parseJsonObject(row.webhooks) as CanaryWebhooks | null,
    operator: row.operator,
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
    startedAt: fromStoredTime(row.started_at),
    windowEndsAt: fromStoredTime(row.window_ends_at),
    decidedAt: fromStoredTimeOrNull(row.decided_at),
    decision:
      outcome === null
        ? null
        : { outcome, rule: row.decision_rule as CanaryDecisionRule, reason: row.decision_reason ?? '' },
    math: parseJsonObject(row.decision_math) as DecisionMath | null,
    traffic: parseJsonObject(row.traffic) as CanaryTraffic | null,
  };
}

/** A sample as its `canary_metrics` row: the judged values in the seed's columns, the readings as JSON. */
export function sampleToRow(sample: StoredSample): Insertable<CanaryMetricsTable> {
  return {
    canary_id: sample.canaryId,
    model_id: sample.modelId,
    gate: sample.gate,
    seq: sample.seq,
    latency_p95_ms: sample.values.latency_p95_ms,
    error_rate: sample.values.error_rate,
    drift: sample.values.drift,
    observed: JSON.stringify(sample.observed),
    fallback: sample.fallback ? 1 : 0,
    fallback_reasons: JSON.stringify(sample.fallbackReasons),
    breached: sample.breached ? 1 : 0,
    breaches: JSON.stringify(sample.breaches),
    created_at: toStoredTime(sample.at),
    baseline: sample.baseline === undefined ? null : JSON.stringify(sample.baseline),
  };
}

/** A `canary_metrics` row as a stored sample (with its baseline reading when one was taken). */
export function rowToSample(row: Selectable<CanaryMetricsTable>): StoredSample {
  const baseline = rowToBaseline(parseJsonObject(row.baseline ?? null));
  return {
    canaryId: row.canary_id,
    modelId: row.model_id,
    gate: row.gate,
    seq: row.seq,
    at: storedTimeToMs(row.created_at),
    observed: metricValues(parseJsonObject(row.observed)),
    values: { latency_p95_ms: row.latency_p95_ms, error_rate: row.error_rate, drift: row.drift },
    fallback: row.fallback === 1,
    fallbackReasons: metricReasons(parseJsonObject(row.fallback_reasons)),
    breaches: parseJsonArray(row.breaches).filter(isBreach),
    breached: row.breached === 1,
    ...(baseline === undefined ? {} : { baseline }),
  };
}

// A row written before baselines existed has no column value; anything unreadable is no baseline.
function rowToBaseline(value: Record<string, unknown> | null): BaselineSample | undefined {
  if (value === null || typeof value.gate !== 'string') return undefined;
  return {
    gate: value.gate,
    observed: metricValues(isPlainObject(value.observed) ? value.observed : null),
    values: metricValues(isPlainObject(value.values) ? value.values : null),
    fallback: value.fallback === true,
    fallbackReasons: metricReasons(isPlainObject(value.fallbackReasons) ? value.fallbackReasons : null),
  };
}

/** A `models` row as a model gate. */
export function rowToModel(row: Selectable<ModelsTable>): ModelRecord {
  return {
    modelId: row.model_id,
    gate: row.gate,
    canaryId: row.canary_id,
    updatedAt: fromStoredTime(row.updated_at),
  };
}

/** An `events` row as the bus envelope. */
export function rowToEvent(row: Selectable<EventsTable>): CockpitEvent {
  return {
    id: row.id,
    topic: row.topic,
    kind: row.kind as EventKind,
    entityId: row.entity_id,
    type: row.type as CockpitEvent['type'],
    ts: fromStoredTime(row.created_at),
    data: parseJsonObject(row.data) ?? {},
    narrative: row.narrative,
  };
}

/** An `audits` row as an audit entry. */
export function rowToAudit(row: Selectable<AuditsTable>): AuditEntry {
  return {
    id: row.id,
    createdAt: fromStoredTime(row.created_at),
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type as AuditEntry['entityType'],
    entityId: row.entity_id,
    details: parseJsonObject(row.details) ?? {},
  };
}

/** The full line of a narrative row (`[YYYY-MM-DD HH:MM] message`), from its stored time and message. */
export function narrativeLineOf(createdAt: string, message: string): string {
  // What the cockpit writes: the minute is the text's first 16 characters (a million lines in an export).
  const minute = storedMinute(createdAt);
  if (minute !== undefined) return narrativeLineAt(minute, message);
  const at = storedTimeToMs(createdAt);
  return Number.isNaN(at) ? `[${createdAt}] ${message}` : formatNarrativeLine(at, message);
}

/** An `audits_narrative` row as a narrative entry, with its full line. */
export function rowToNarrative(row: Selectable<AuditsNarrativeTable>): NarrativeEntry {
  return {
    id: row.id,
    createdAt: fromStoredTime(row.created_at),
    eventType: row.event_type,
    entityId: row.entity_id ?? '',
    entityType: (row.entity_type ?? 'job') as NarrativeEntry['entityType'],
    message: row.message,
    line: narrativeLineOf(row.created_at, row.message),
    operator: row.operator ?? 'system',
    context: parseJsonObject(row.context),
  };
}

function metricValues(value: Record<string, unknown> | null): Record<SloMetric, number | null> {
  const pick = (metric: SloMetric) => {
    const reading = value?.[metric];
    return typeof reading === 'number' ? reading : null;
  };
  return { latency_p95_ms: pick('latency_p95_ms'), error_rate: pick('error_rate'), drift: pick('drift') };
}

function metricReasons(value: Record<string, unknown> | null): Partial<Record<SloMetric, string>> {
  const reasons: Partial<Record<SloMetric, string>> = {};
  for (const metric of SLO_METRICS) {
    const reason = value?.[metric];
    if (typeof reason === 'string') reasons[metric] = reason;
  }
  return reasons;
}

function isBreach(value: unknown): value is SampleBreach {
  return (
    isPlainObject(value) &&
    (SLO_METRICS.includes(value.metric as SloMetric) || value.metric === 'error_budget') &&
    typeof value.value === 'number' &&
    typeof value.target === 'number'
  );
}
