/**
 * The small interfaces the domain needs from the outside world. Adapters implement them
 * (persistence, slo-prom, sse-bus); apps wire them together.
 */

import type { LeaseFence } from './canary-leases.ts';
import type { OutboxMessage } from './outbox.ts';
import type {
  AuditEntry,
  CanaryRecord,
  CanarySample,
  CanaryStatus,
  CockpitEvent,
  EntityKind,
  EventKind,
  JobRecord,
  JobStatus,
  ModelRecord,
  NarrativeEntry,
  SloMetric,
  SloReading,
} from './records.ts';

/** Wall-clock time in epoch milliseconds; tests inject a fake one. */
export interface Clock {
  now(): number;
}

/** An opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/** `setTimeout`/`clearTimeout`, as the engines need them: tests drive whole canaries with fake time. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Makes ids such as `job_k3j9x0a1` and `canary_7fh2m9qz`. */
export interface IdGenerator {
  next(kind: EntityKind): string;
}

/** What the SLO monitor is asked for one sample. */
export interface SloQuery {
  readonly modelId: string;
  /** The gate being sampled: a canary samples its `toGate`. */
  readonly gate: string;
  readonly windowSeconds: number;
  /** The metrics to read: those the policy targets, plus latency and error rate always. */
  readonly metrics: readonly SloMetric[];
  readonly signal?: AbortSignal;
}

/** Reads SLO values. Never throws for an unreachable backend: it reports missing values with reasons. */
export interface SloMonitor {
  readonly mode: 'prometheus' | 'stub';
  sample(query: SloQuery): Promise<SloReading>;
}

/** Receives every persisted event, in id order, for live delivery. */
export interface EventPublisher {
  publish(event: CockpitEvent): void;
}

/** The traffic a canary moves: its model's traffic, between the canary's two gates. */
export interface TrafficSplit {
  readonly canaryId: string;
  readonly modelId: string;
  /** Gets what `toGate` does not (100 − weight). */
  readonly fromGate: string;
  /** Gets the weight. */
  readonly toGate: string;
}

/** What a router applied and verified for one `setWeight`. */
export interface RouterCall {
  /** The percentage of the traffic `toGate` now gets (0..100). */
  readonly weight: number;
  /** Tries it took, retries included: 1 when the first worked, 0 when there is no router. */
  readonly attempts: number;
  /** One line for the audit and the narrative, e.g. `haproxy m/production=25 m/staging=75 (verified)`. */
  readonly detail: string;
}

/**
 * Moves a model's traffic between two gates (SPEC "Progressive delivery"): no router (weights are
 * recorded only), a webhook, or HAProxy. A call that still fails after the router's own retries
 * rejects; the engine then rolls the canary back (rule `router_failed`) and tries weight 0.
 */
export interface TrafficRouter {
  readonly kind: 'none' | 'webhook' | 'haproxy';
  /**
   * Checks, before a canary with steps starts, that its route can be driven (HAProxy knows the
   * backend and both servers); rejects with the router's own message otherwise.
   */
  check(split: TrafficSplit, signal?: AbortSignal): Promise<void>;
  /**
   * Sends `weight` % (a whole number, 0..100) of the traffic to `toGate` and the rest to
   * `fromGate`, and verifies it where the router can tell. Idempotent: calling it again with the
   * same `idempotencyKey` (a restart re-applying the current step) changes nothing more.
   */
  setWeight(
    split: TrafficSplit,
    weight: number,
    options: { readonly idempotencyKey: string; readonly signal?: AbortSignal },
  ): Promise<RouterCall>;
  /** Cuts short the calls in flight (they reject); later calls reject too. */
  close?(): Promise<void>;
}

/** A structured audit row to write: what was done and its facts. */
export interface AuditFacts {
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A narrative line to write. */
export interface NarrativeFacts {
  readonly eventType: string;
  /** `subject → what`, without the time prefix (the store adds it). */
  readonly message: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

/** A status a transition may require its job or canary to be in. */
export type ExpectedStatus = JobStatus | CanaryStatus;

/**
 * One state change, recorded atomically: the entity's new state, a structured audit row, a
 * narrative line and a bus event. Either all of it is stored or none.
 */
export interface TransitionRecord {
  /** When it happened, epoch ms. */
  readonly at: number;
  readonly operator: string;
  /**
   * A precondition checked inside the transaction: the stored status of the transition's job (or
   * else its canary) must be this one (or one of these). Otherwise nothing is stored and the store
   * throws its stale-state error (code `STORE_ERROR.STALE_STATE`). This is what makes "one
   * decision per canary" hold even when two processes race to decide.
   */
  readonly expectStatus?: ExpectedStatus | readonly ExpectedStatus[];
  /**
   * A fencing check inside the transaction, before anything is written: `lease.owner` must still
   * hold the canary's lease with `lease.token`. Otherwise nothing is stored and the store throws
   * `STORE_ERROR.LEASE_LOST` (another replica took the canary over).
   */
  readonly lease?: LeaseFence;
  /** The job's full new state (inserted or replaced). */
  readonly job?: JobRecord;
  /** The canary's full new state (inserted or replaced). */
  readonly canary?: CanaryRecord;
  /**
   * With a new `canary`: it holds its model while undecided. The store refuses it (code
   * `STORE_ERROR.MODEL_HELD`, nothing stored) when another undecided canary holds that model, in
   * the write's own transaction: two replicas starting a canary for one model cannot both succeed.
   */
  readonly holdsModel?: boolean;
  /** A sample to append to the canary's samples. */
  readonly sample?: {
    readonly canaryId: string;
    readonly modelId: string;
    readonly gate: string;
  } & CanarySample;
  /** A model's new gate, on promotion. */
  readonly model?: { readonly modelId: string; readonly gate: string; readonly canaryId: string | null };
  /**
   * A file of the repository that was changed (file operations): the transition is about it, its
   * topic is `file/<path>`. Its content is on disk, not in the store; the audit holds the diff.
   */
  readonly file?: { readonly path: string };
  readonly audit: AuditFacts;
  readonly narrative: NarrativeFacts;
  readonly event: { readonly type: CockpitEvent['type']; readonly data: Readonly<Record<string, unknown>> };
  /** Calls this transition owes (a decision's webhook), stored with it and delivered at least once. */
  readonly outbox?: readonly OutboxMessage[];
}

/**
 * A fact for the audit trails that changes no entity's state (a webhook's outcome, a blocked
 * promotion): a structured audit row and a narrative line, atomically, with no bus event.
 */
export interface AuditRecord {
  /** When it happened, epoch ms. */
  readonly at: number;
  readonly operator: string;
  readonly entityType: EventKind | 'model';
  readonly entityId: string;
  /** The model the fact concerns, so `why <modelId>` finds the line. */
  readonly modelId?: string | null;
  readonly audit: AuditFacts;
  readonly narrative: NarrativeFacts;
}

/** Which events a replay wants: every event, whole kinds, and/or exact entity topics. */
export interface EventSelection {
  readonly all?: boolean;
  readonly kinds?: readonly EventKind[];
  readonly topics?: readonly string[];
}

/** A stored sample with the canary it belongs to (for replay and evidence). */
export interface StoredSample extends CanarySample {
  readonly canaryId: string;
  readonly modelId: string;
  readonly gate: string;
}

/** Writes transitions and audit-only facts atomically. */
export interface TransitionRecorder {
  recordTransition(record: TransitionRecord): Promise<CockpitEvent>;
  /** Writes an audit row and a narrative line in one transaction; publishes nothing. */
  recordAudit(record: AuditRecord): Promise<void>;
}

/** How many jobs `listJobs` returns by default, and at most (the `list_jobs` tool's bounds too). */
export const JOB_LIST_LIMIT = { default: 50, max: 500 } as const;

/** How many canaries `listCanaries` returns by default, and at most. */
export const CANARY_LIST_LIMIT = { default: 50, max: 500 } as const;

/** Reads jobs. */
export interface JobStore {
  getJob(jobId: string): Promise<JobRecord | undefined>;
  /** Newest first; with `before` (a job id), only the jobs listed after that one (the next page). */
  listJobs(filter?: { status?: JobStatus; limit?: number; before?: string }): Promise<JobRecord[]>;
  /** Oldest first: what a restart must resume or mark failed. */
  jobsInStatus(statuses: readonly JobStatus[]): Promise<JobRecord[]>;
}

/** Reads canaries, their samples and model gates. */
export interface CanaryStore {
  getCanary(canaryId: string): Promise<CanaryRecord | undefined>;
  /** Newest first; with `before` (a canary id), only the canaries listed after that one (the next page). */
  listCanaries(filter?: {
    status?: CanaryStatus;
    modelId?: string;
    limit?: number;
    before?: string;
  }): Promise<CanaryRecord[]>;
  /** Oldest first, every one of them: what a restart must resume. */
  canariesInStatus(statuses: readonly CanaryStatus[]): Promise<CanaryRecord[]>;
  /** In sample order. */
  samplesOf(canaryId: string): Promise<StoredSample[]>;
  /** Samples of every canary of a model taken in [from, to] (epoch ms), oldest first. */
  samplesOfModel(query: { modelId: string; from: number; to: number }): Promise<StoredSample[]>;
  getModel(modelId: string): Promise<ModelRecord | undefined>;
}

/** Reads the event log (SSE replay). */
export interface EventLog {
  /** Events with id > afterId matching the selection, in id order, at most `limit`. */
  eventsAfter(query: { afterId: number; selection: EventSelection; limit?: number }): Promise<CockpitEvent[]>;
  /** The highest event id stored, 0 when none. */
  lastEventId(): Promise<number>;
  /** The lowest event id still stored, undefined when none (older ones were pruned). */
  firstEventId(): Promise<number | undefined>;
}

/** Reads the audit trails (why, evidence export). */
export interface AuditLog {
  /** Narrative lines about an entity id (a job, a canary, or a model), oldest first. */
  narrativeFor(id: string): Promise<NarrativeEntry[]>;
  /** Narrative lines created in [from, to] (epoch ms), oldest first, streamed in pages. */
  narrativeBetween(range: { from: number; to: number }): AsyncIterable<NarrativeEntry>;
  /** Audit rows created in [from, to] (epoch ms), oldest first, streamed in pages. */
  auditsBetween(range: { from: number; to: number }): AsyncIterable<AuditEntry>;
}

/** Everything the engines and the server read and write. */
export interface CockpitStore extends TransitionRecorder, JobStore, CanaryStore, EventLog, AuditLog {}

/**
 * The codes of a store's errors that the engines act on, compared by these constants (through
 * `hasErrorCode`), never by class: an engine depends on this port, not on the persistence package.
 */
export const STORE_ERROR = {
  /** A transition's `expectStatus` did not hold (someone else changed the entity first); nothing was stored. */
  STALE_STATE: 'STALE_STATE',
  /** A transition was stored, but the `onEvent` listener threw while being told about it. */
  EVENT_LISTENER_FAILED: 'EVENT_LISTENER_FAILED',
  /** A transition's `lease` no longer holds (another replica took the canary over); nothing was stored. */
  LEASE_LOST: 'LEASE_LOST',
  /** A transition's `holdsModel` canary was refused: another undecided canary holds the model; nothing was stored. */
  MODEL_HELD: 'MODEL_HELD',
} as const;

/** A store error code the engines act on. */
export type StoreErrorCode = (typeof STORE_ERROR)[keyof typeof STORE_ERROR];
