/**
 * The tables as Kysely sees them. Times are TEXT `YYYY-MM-DD HH:MM:SS.SSS` in UTC (see
 * `stored-time.ts`); JSON columns are TEXT; booleans are INTEGER 0/1.
 */
import type { ColumnType, Generated } from 'kysely';

/** `jobs`: one row per evaluation job, replaced on every transition. */
export interface JobsTable {
  job_id: string;
  task_id: string;
  config_id: string | null;
  status: string;
  progress: number | null;
  message: string | null;
  /** JSON. */
  result: string | null;
  error: string | null;
  /** JSON object. */
  details: string | null;
  operator: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** The replica that claimed the job from the shared queue (migration `004_canary_leases`); null until claimed. */
  owner_replica: ColumnType<string | null, string | null | undefined, string | null>;
}

/** `canaries`: one row per canary promotion, replaced on every transition. */
export interface CanariesTable {
  id: string;
  model_id: string;
  from_gate: string;
  to_gate: string;
  status: string;
  /** JSON SloPolicy. */
  policy: string;
  /** JSON CanaryWebhooks. */
  webhooks: string | null;
  operator: string;
  created_at: string;
  updated_at: string;
  started_at: string;
  window_ends_at: string;
  decided_at: string | null;
  /** `promote` | `rollback`. */
  decision: string | null;
  decision_rule: string | null;
  decision_reason: string | null;
  /** JSON DecisionMath. */
  decision_math: string | null;
  /** JSON CanaryTraffic: the ladder of a canary with steps (null without steps). */
  traffic: string | null;
  /**
   * The model an exclusive canary holds while undecided (migration 006): unique among running and
   * paused canaries, so two replicas cannot both start one for a model. Written once, at start.
   */
  holds_model: string | null;
}

/** `canary_metrics`: every judged sample, at most once per (canary_id, seq). */
export interface CanaryMetricsTable {
  id: Generated<number>;
  canary_id: string;
  model_id: string;
  gate: string;
  seq: number;
  /** The judged values (conservative where the reading was missing). */
  latency_p95_ms: number | null;
  error_rate: number | null;
  drift: number | null;
  /** JSON: the values as read from the monitor. */
  observed: string;
  fallback: number;
  /** JSON. */
  fallback_reasons: string;
  breached: number;
  /** JSON array of SampleBreach. */
  breaches: string;
  /** When the sample was taken. */
  created_at: string;
  /** JSON BaselineSample: the baseline gate read with this sample; null without a baseline. */
  baseline: string | null;
}

/** `models`: a model's current gate, recorded on promotion. */
export interface ModelsTable {
  model_id: string;
  gate: string;
  canary_id: string | null;
  updated_at: string;
}

/** `audits`: the structured audit trail. */
export interface AuditsTable {
  id: Generated<number>;
  created_at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  /** JSON object. */
  details: string;
}

/** `audits_narrative`: the seed's narrative trail, plus `model_id` so a model's canary lines can be found. */
export interface AuditsNarrativeTable {
  id: Generated<number>;
  /** Defaults to CURRENT_TIMESTAMP (no millis) as in the seed; the store always writes its own. */
  created_at: ColumnType<string, string | undefined, string>;
  event_type: string;
  entity_id: string | null;
  entity_type: string | null;
  message: string;
  operator: string | null;
  /** JSON object. */
  context: string | null;
  model_id: string | null;
}

/** `events`: the SSE event log; `id` is the event id and never reused. */
export interface EventsTable {
  id: Generated<number>;
  created_at: string;
  topic: string;
  kind: string;
  entity_id: string;
  type: string;
  /** JSON object. */
  data: string;
  /** The full narrative line. */
  narrative: string;
}

/** `outbox`: calls owed by transitions, until delivered or given up (migration 005). */
export interface OutboxTable {
  id: Generated<number>;
  /** The idempotency key, unique. */
  key: string;
  kind: string;
  /** The canary or job the call is about. */
  entity_id: string;
  /** JSON: what the deliverer needs. */
  payload: string;
  created_at: string;
  /** Claimable once this has passed (and `settled_at` is null). */
  due_at: string;
  attempts: Generated<number>;
  /** The replica that claimed it last. */
  claimed_by: string | null;
  last_error: string | null;
  settled_at: string | null;
  /** `delivered` or `given_up` once settled. */
  outcome: string | null;
}

/** `meta`: small key/value facts, e.g. the last health write-check. */
export interface MetaTable {
  key: string;
  value: string;
  updated_at: string;
}

/** `canary_leases`: the owner replica of each running canary (epoch ms times). */
export interface CanaryLeasesTable {
  canary_id: string;
  owner: string;
  token: number;
  expires_at: number;
  acquired_at: number;
}

/** `replicas`: each replica's heartbeat (epoch ms times). */
export interface ReplicasTable {
  replica_id: string;
  expires_at: number;
  heartbeat_at: number;
}

/** Every table of the cockpit database. */
export interface Database {
  jobs: JobsTable;
  canaries: CanariesTable;
  canary_metrics: CanaryMetricsTable;
  models: ModelsTable;
  audits: AuditsTable;
  audits_narrative: AuditsNarrativeTable;
  events: EventsTable;
  meta: MetaTable;
  canary_leases: CanaryLeasesTable;
  replicas: ReplicasTable;
  outbox: OutboxTable;
}
