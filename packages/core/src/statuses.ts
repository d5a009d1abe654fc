/**
 * Every status, event type and decision rule as runtime lists, in lifecycle order: the one place
 * they are spelled. The record types, the wire schemas, the CLI's flags and the metrics' label
 * values are derived from these.
 */

/** The statuses of a job, in lifecycle order. */
export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

/** The statuses no job transition leaves. */
export const TERMINAL_JOB_STATUSES = [
  'completed',
  'failed',
  'cancelled',
] as const satisfies readonly JobStatus[];

/** The statuses of a job that has not ended: what a restart must resume or mark failed. */
export const ACTIVE_JOB_STATUSES = ['queued', 'running'] as const satisfies readonly JobStatus[];

/** The statuses of a canary: running (or paused at a manual step) until exactly one decision. */
export const CANARY_STATUSES = ['running', 'paused', 'promoted', 'rolled_back'] as const;

/** The statuses of a canary not decided yet: what a restart resumes, what holds a model. */
export const UNDECIDED_CANARY_STATUSES = ['running', 'paused'] as const satisfies readonly CanaryStatus[];

/** The statuses of a decided canary. */
export const DECIDED_CANARY_STATUSES = ['promoted', 'rolled_back'] as const satisfies readonly CanaryStatus[];

/** Wire names of job events (the SSE `event:` on entity topics), in lifecycle order. */
export const JOB_EVENT_TYPES = ['queued', 'running', 'progress', 'completed', 'failed', 'cancelled'] as const;

/** Wire names of canary events. */
export const CANARY_EVENT_TYPES = [
  'started',
  'metric',
  'step',
  'paused',
  'resumed',
  'promoted',
  'rolled_back',
] as const;

/** The rules of the SPEC that can decide a canary. */
export const CANARY_DECISION_RULES = [
  'breach_limit',
  'window_elapsed',
  'insufficient_data',
  'abort',
  'steps_completed',
  'router_failed',
  'baseline_regression',
] as const;

/** The two outcomes of a canary decision. */
export const CANARY_DECISION_OUTCOMES = ['promote', 'rollback'] as const;

/** Lifecycle of an evaluation job. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Lifecycle of a canary: one decision, promoted or rolled back, ends it. */
export type CanaryStatus = (typeof CANARY_STATUSES)[number];

/** Wire names of job events. */
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];

/** Wire names of canary events. */
export type CanaryEventType = (typeof CANARY_EVENT_TYPES)[number];

/** Wire names of file events (file operations): a file created, replaced whole, or patched. */
export const FILE_EVENT_TYPES = ['created', 'replaced', 'patched'] as const;

/** Wire names of file events. */
export type FileEventType = (typeof FILE_EVENT_TYPES)[number];

/** Which rule of the SPEC decided a canary. */
export type CanaryDecisionRule = (typeof CANARY_DECISION_RULES)[number];

/** Promote or roll back. */
export type CanaryDecisionOutcome = (typeof CANARY_DECISION_OUTCOMES)[number];
