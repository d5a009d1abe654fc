/**
 * What `cockpit.on(name, handler)` hands to handlers: the cockpit's events as the SSE stream
 * carries them (`{id, topic, type, ts, data, narrative}`), typed per event name, plus the
 * client's own connection events.
 */
import type { CockpitClientError } from './cockpit-client-error.js';
import type { StreamReconnectInfo } from './event-stream.js';

/** Lifecycle types of a job, in order. */
export type JobEventType = 'queued' | 'running' | 'progress' | 'completed' | 'failed' | 'cancelled';

/** Lifecycle types of a canary. */
export type CanaryEventType =
  | 'started'
  | 'metric'
  | 'step'
  | 'paused'
  | 'resumed'
  | 'promoted'
  | 'rolled_back';

/** Types of a file event (file operations, LUKHAS_FILE_OPS=1): a file created, replaced whole, or patched. */
export type FileEventType = 'created' | 'replaced' | 'patched';

/** One cockpit event, as delivered to `on(...)` handlers. */
export interface CockpitEvent<Data = CockpitEventData> {
  /** The lifecycle type from the event's JSON (`completed`, `metric`, …). */
  readonly type: JobEventType | CanaryEventType | FileEventType | (string & {});
  /** The SSE event name it arrived under: the lifecycle type, or `job`/`canary`/`file` on `jobs`/`canaries`/`files`. */
  readonly name: string;
  /** The entity topic: `job/<jobId>`, `canary/<canaryId>` or `file/<path>`. */
  readonly topic: string;
  /** The structured facts. */
  readonly data: Data;
  /** The human line, `[YYYY-MM-DD HH:MM] subject → what` (UTC). */
  readonly narrative: string;
  /** The persisted event id; it only ever grows. */
  readonly id: number;
  /** When it happened, ISO 8601 UTC. */
  readonly ts: string;
}

/** The structured facts of any event; the typed shapes below name the fields the server sends. */
export interface CockpitEventData {
  readonly [field: string]: unknown;
}

/** `data` of job events. Fields present depend on the type (e.g. `progress` only on `progress`). */
export interface JobEventData extends CockpitEventData {
  readonly jobId: string;
  readonly status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  readonly taskId?: string;
  readonly configId?: string | null;
  readonly startedAt?: string;
  /** 0..1, on `progress`. */
  readonly progress?: number | null;
  readonly message?: string | null;
  /** What the task reported, on `completed`. */
  readonly result?: unknown;
  /** On `completed`, `failed` and `cancelled`; null when unknown. */
  readonly durationMs?: number | null;
  /** Why it failed, on `failed`. */
  readonly error?: string;
  readonly exitCode?: number | null;
  readonly signal?: string | null;
  /** Why it was cancelled, on `cancelled`. */
  readonly reason?: string | null;
}

/** `data` of a `metric` event: one judged SLO sample of the canary's toGate. */
export interface MetricEventData extends CockpitEventData {
  readonly canaryId: string;
  readonly modelId: string;
  readonly gate: string;
  readonly seq: number;
  /** As judged: a missing targeted value is replaced by the conservative 9999 ms. */
  readonly latency_p95_ms: number | null;
  readonly error_rate: number | null;
  readonly drift: number | null;
  readonly fallback: boolean;
  readonly fallbackReasons: Readonly<Record<string, string>>;
  readonly breached: boolean;
  readonly breaches: readonly { readonly metric: string; readonly value: number; readonly target: number }[];
  readonly at: string;
}

/** `data` of the other canary events (`started`, `promoted`, `rolled_back`). */
export interface CanaryEventData extends CockpitEventData {
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate?: string;
  readonly toGate?: string;
  readonly status?: 'running' | 'paused' | 'promoted' | 'rolled_back';
  /** The rule that decided, on `promoted`/`rolled_back`. */
  readonly rule?: string;
  readonly reason?: string;
  readonly decidedAt?: string;
  readonly breachToActionSeconds?: number | null;
  /** e.g. `12m`, on `rolled_back`. */
  readonly duration?: string;
}

/** One traffic step of a policy's `steps`, as the server sends it. */
export type CanaryStepData =
  | { readonly setWeight: number }
  | { readonly pause: { readonly seconds?: number } };

/**
 * `data` of the traffic-ladder events of a canary with `steps`: `step` (the router now sends
 * `weight` % to toGate), `paused` (waiting at a `pause: {}` for `promote_canary`) and `resumed`
 * (an operator promoted it; `full`: past every remaining step).
 */
export interface StepEventData extends CockpitEventData {
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  /**
   * The step's position in the policy's `steps`, from 0. On the final `step` of a decided canary
   * (weight 100 before `promoted`, 0 before `rolled_back`) it is the step in progress, which equals
   * `count` once every step is done (e.g. after `promote_canary {full: true}`).
   */
  readonly index: number;
  /** How many steps the policy has. */
  readonly count: number;
  /** Percent of the traffic on toGate. */
  readonly weight: number;
  /** The step applied, on `step`. */
  readonly step?: CanaryStepData;
  /** Who promoted, on `resumed`. */
  readonly operator?: string;
  /** True when `promote_canary {full: true}` skipped the remaining steps, on `resumed`. */
  readonly full?: boolean;
}

/** `data` of file events: what changed, by whom, with the hashes before and after (the diff is in the audit). */
export interface FileEventData extends CockpitEventData {
  /** The path relative to the repository root. */
  readonly path: string;
  readonly change: FileEventType;
  /** The audit label of who changed it (`key:ab12cd34`, `oauth:<sub>`, `local`). */
  readonly operator: string;
  /** Null when the file was created. */
  readonly beforeSha256: string | null;
  readonly afterSha256: string;
  readonly size: number;
  readonly added: number;
  readonly removed: number;
}

/** A server notice: an event without an id (`retention`, `reset`). It does not move the resume point. */
export interface CockpitNotice {
  readonly name: string;
  readonly data: CockpitEventData;
  /** The notice's human message, when it has one. */
  readonly message: string | undefined;
}

/** Reported by `open` each time a stream connection opens. */
export interface CockpitOpenEvent {
  readonly topics: readonly string[];
  /** The id the connection resumed after (sent as `Last-Event-ID`), if any. */
  readonly lastEventId: number | undefined;
  /** True when this is a reconnection. */
  readonly reconnected: boolean;
}

/** Reported by `reconnecting` when a connection dropped or failed and the next try is scheduled. */
export type CockpitReconnectingEvent = StreamReconnectInfo;

/** Every event name `on` knows, with what its handlers receive. */
export interface CockpitEventMap {
  queued: CockpitEvent<JobEventData>;
  running: CockpitEvent<JobEventData>;
  progress: CockpitEvent<JobEventData>;
  completed: CockpitEvent<JobEventData>;
  failed: CockpitEvent<JobEventData>;
  cancelled: CockpitEvent<JobEventData>;
  started: CockpitEvent<CanaryEventData>;
  metric: CockpitEvent<MetricEventData>;
  step: CockpitEvent<StepEventData>;
  paused: CockpitEvent<StepEventData>;
  resumed: CockpitEvent<StepEventData>;
  promoted: CockpitEvent<CanaryEventData>;
  rolled_back: CockpitEvent<CanaryEventData>;
  created: CockpitEvent<FileEventData>;
  replaced: CockpitEvent<FileEventData>;
  patched: CockpitEvent<FileEventData>;
  /** Any file event on the `files` topic. */
  file: CockpitEvent<FileEventData>;
  /** Any job event on the `jobs` topic. */
  job: CockpitEvent<JobEventData>;
  /** Any canary event on the `canaries` topic. */
  canary: CockpitEvent<CanaryEventData>;
  /** Every cockpit event, whatever its name (not notices or connection events). */
  '*': CockpitEvent;
  retention: CockpitNotice;
  reset: CockpitNotice;
  open: CockpitOpenEvent;
  reconnecting: CockpitReconnectingEvent;
  /** The stream stopped and will not reconnect (401, 403, a refused topic, …). */
  error: CockpitClientError;
}

/** A name `on` accepts: a known one, or any other SSE event name the server may add. */
export type CockpitEventName = keyof CockpitEventMap | (string & {});

/** The handler for an event name. */
export type CockpitEventHandler<Name extends CockpitEventName> = Name extends keyof CockpitEventMap
  ? (event: CockpitEventMap[Name]) => void
  : (event: CockpitEvent | CockpitNotice) => void;
