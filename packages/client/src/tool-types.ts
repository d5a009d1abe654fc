/**
 * Arguments and results of the cockpit's MCP tools (the server's `tools/list` output schemas),
 * written out here so the SDK stands alone. Records are open: the server may add fields.
 */

/** ISO 8601 UTC time. */
export type IsoTime = string;

/** The statuses of a job, in lifecycle order. */
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
/** The statuses of a canary. */
export type CanaryStatus = 'running' | 'promoted' | 'rolled_back';

/** `search` arguments. */
export interface SearchArguments {
  /** At most 2000 characters. */
  readonly query: string;
  /** 1–50. */
  readonly limit?: number;
}

/** `search` result. */
export interface SearchResult {
  readonly results: readonly {
    readonly id: string;
    readonly title: string;
    readonly url: string;
    readonly snippet?: string;
  }[];
}

/** `fetch` arguments: a document id from `search` (a path relative to the server's repository root). */
export interface FetchDocumentArguments {
  readonly id: string;
}

/** `fetch` result. */
export interface FetchedDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly url: string;
  readonly metadata: {
    readonly path: string;
    readonly bytes: number;
    readonly modifiedAt: IsoTime;
    readonly sha256: string;
  };
}

/** An evaluation job. */
export interface JobRecord {
  readonly jobId: string;
  readonly taskId: string;
  readonly configId: string | null;
  readonly status: JobStatus;
  /** 0..1 while running, 1 when completed. */
  readonly progress: number | null;
  readonly message: string | null;
  readonly result: unknown;
  readonly error: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
  readonly operator: string;
  readonly createdAt: IsoTime;
  readonly updatedAt: IsoTime;
  readonly startedAt: IsoTime | null;
  readonly finishedAt: IsoTime | null;
}

/** `run_eval` arguments. */
export interface RunEvalArguments {
  readonly taskId: string;
  readonly configId?: string | null;
  /** Answer only when the job has ended (bounded by the server). */
  readonly wait?: boolean;
}

/** `run_eval` result: the queued job, or with `wait` the ended one. */
export interface RunEvalResult extends JobRecord {
  readonly wait?: { readonly outcome: 'ended' | 'timed_out' | 'aborted'; readonly waitedSeconds: number };
}

/** `get_job` arguments. */
export interface GetJobArguments {
  readonly jobId: string;
}

/** `list_jobs` arguments. */
export interface ListJobsArguments {
  readonly status?: JobStatus;
  /** 1–500, newest first. */
  readonly limit?: number;
}

/** `list_jobs` result, newest first. */
export interface ListJobsResult {
  readonly jobs: readonly JobRecord[];
}

/** `cancel_job` arguments; the reason is recorded in the audit trail. */
export interface CancelJobArguments {
  readonly jobId: string;
  readonly reason?: string;
}

/** SLO targets: upper bounds of each metric. */
export interface SloTargets {
  readonly latency_p95_ms?: number;
  readonly max_error_rate?: number;
  /** Alias of `max_error_rate` accepted by the server. */
  readonly error_rate?: number;
  readonly max_drift?: number;
}

/** A canary's SLO policy (every field has a server default). */
export interface SloPolicy {
  readonly windowSeconds?: number;
  readonly intervalSeconds?: number;
  readonly failureLimit?: number;
  readonly minSamples?: number;
  readonly targets?: SloTargets;
}

/** A policy with the server's defaults applied. */
export interface ResolvedSloPolicy {
  readonly windowSeconds: number;
  readonly intervalSeconds: number;
  readonly failureLimit: number;
  readonly minSamples: number;
  readonly targets: {
    readonly latency_p95_ms?: number;
    readonly max_error_rate?: number;
    readonly max_drift?: number;
  };
}

/**
 * `start_canary` arguments. Give the policy in ONE spelling: top-level fields, `policy`, or the
 * seeds' `sloPolicy: {latency_p95_ms, error_rate}`.
 */
export interface StartCanaryArguments extends SloPolicy {
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  readonly policy?: SloPolicy;
  readonly sloPolicy?: SloPolicy & {
    readonly latency_p95_ms?: number;
    readonly error_rate?: number;
    readonly max_drift?: number;
  };
  readonly webhooks?: {
    readonly onPromote?: string;
    readonly onRollback?: string;
    readonly confirmPromotion?: string;
  };
}

/** One judged SLO sample. */
export interface CanarySample {
  readonly seq: number;
  readonly at: IsoTime;
  /** As read from the monitor; null = missing. */
  readonly observed: Readonly<Record<string, number | null>>;
  /** As judged: missing targeted values become conservative. */
  readonly values: Readonly<Record<string, number | null>>;
  readonly fallback: boolean;
  readonly fallbackReasons: Readonly<Record<string, string>>;
  readonly breaches: readonly { readonly metric: string; readonly value: number; readonly target: number }[];
  readonly breached: boolean;
}

/** The rule that decided a canary. */
export type DecisionRule = 'breach_limit' | 'window_elapsed' | 'insufficient_data' | 'abort';

/** The math behind a canary decision. */
export interface DecisionMath {
  readonly policy: ResolvedSloPolicy;
  readonly window: { readonly startedAt: IsoTime; readonly endsAt: IsoTime; readonly elapsed: boolean };
  readonly samples: readonly (CanarySample & { readonly breachesSoFar: number })[];
  readonly counts: {
    readonly samples: number;
    readonly real: number;
    readonly fallback: number;
    readonly breaches: number;
    readonly ignored: number;
  };
  readonly rule: DecisionRule | null;
  readonly outcome: 'promote' | 'rollback' | null;
  readonly decidingSample: number | null;
  readonly firstBreachAt: IsoTime | null;
  readonly decidedAt: IsoTime | null;
  readonly breachToActionSeconds: number | null;
  readonly explanation: string;
}

/** A canary promotion. */
export interface CanaryRecord {
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  readonly status: CanaryStatus;
  readonly policy: ResolvedSloPolicy;
  /** The canary's own webhook URLs, as their origin only (`https://hooks.example.com/…`): tokens are never shown. */
  readonly webhooks: Readonly<Record<string, string>> | null;
  readonly operator: string;
  readonly createdAt: IsoTime;
  readonly updatedAt: IsoTime;
  readonly startedAt: IsoTime;
  readonly windowEndsAt: IsoTime;
  readonly decidedAt: IsoTime | null;
  readonly decision: {
    readonly outcome: 'promote' | 'rollback';
    readonly rule: string;
    readonly reason: string;
  } | null;
  readonly math?: DecisionMath | null;
}

/** `get_canary` arguments. */
export interface GetCanaryArguments {
  readonly canaryId: string;
}

/** `get_canary` result: the canary with every sample so far. */
export interface CanaryWithSamples extends CanaryRecord {
  readonly samples: readonly CanarySample[];
}

/** `list_canaries` arguments. */
export interface ListCanariesArguments {
  readonly status?: CanaryStatus;
  readonly modelId?: string;
  /** 1–500, newest first. */
  readonly limit?: number;
}

/** `list_canaries` result, newest first, without the decision math. */
export interface ListCanariesResult {
  readonly canaries: readonly CanaryRecord[];
}

/** `abort_canary` arguments; the reason is recorded in the audit trail. */
export interface AbortCanaryArguments {
  readonly canaryId: string;
  readonly reason?: string;
}

/** `why` / `why_math` arguments: a job, canary or model id (`why_math`: a canary or model id). */
export interface WhyArguments {
  readonly id: string;
}

/** `why` result: the narrative lines, oldest first. */
export interface WhyResult {
  readonly id: string;
  readonly lines: readonly string[];
}

/** `why_math` result. */
export interface WhyMathResult extends DecisionMath {
  readonly id: string;
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  readonly status: CanaryStatus;
  /** False while the canary runs: the math is then the rule applied to the samples so far. */
  readonly decided: boolean;
  readonly thresholds: ResolvedSloPolicy['targets'];
}

/** Options of every tool call. */
export interface ToolCallOptions {
  /** Aborts the HTTP request; the call rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
}
