/**
 * Everything a job runner holds and changes: the jobs it owns (each with its abort controller,
 * progress throttle and stop request), its waiting line, each job's serial chain, and whether it
 * is stopped. The runner's named steps (`run-job.ts`, `cancel-job.ts`, `recover-jobs.ts`,
 * `submit-job.ts`, `stop-job-runner.ts`) read and change it; nothing else does.
 */
import { createKeyedSerial, type JobRecord, type KeyedSerial } from '@lukhas/core';
import { createJobQueue, type JobQueue } from './job-queue.ts';
import type { ProgressThrottle } from './progress-throttle.ts';

/**
 * Why a running job is being stopped: an operator's cancel, the runner's shutdown, or its end
 * stored by another replica (a fleet's cancel sent there; `record` as stored, nothing to write).
 */
export type StopRequest =
  | { readonly kind: 'cancel'; readonly reason: string | null; readonly operator: string }
  | { readonly kind: 'shutdown' }
  | { readonly kind: 'ended-elsewhere'; readonly record: JobRecord };

/** A job this runner owns, from queued to its end. */
export interface TrackedJob {
  /** As last stored. */
  record: JobRecord;
  /** Aborted to stop the task (cancel, shutdown). */
  readonly controller: AbortController;
  throttle?: ProgressThrottle;
  stopRequest?: StopRequest;
  /** Resolves when the runner lets the job go (ended, cancelled while queued, or stopped). */
  readonly settled: Promise<void>;
  readonly settle: () => void;
}

/** What `recover()` found (`recover-jobs.ts`); the state holds the one recovery of a runner. */
export interface RecoveryReport {
  /** Jobs that were running when the previous process died, now failed. */
  readonly interrupted: readonly string[];
  /** Jobs still queued, now back in the queue in their created order. */
  readonly resumed: readonly string[];
}

/** One job runner's state. */
export interface JobRunnerState {
  /** Aborted by `stop`: ends the retries of a refused end. */
  readonly lifetime: AbortController;
  /** Each job's steps, one after another; jobs never wait for each other. */
  readonly serial: KeyedSerial;
  /** The jobs this runner owns, by id. */
  readonly tracked: Map<string, TrackedJob>;
  /** The waiting line, and the bound on how many jobs run at once. */
  readonly queue: JobQueue;
  /** Set by `stop`: no new job is taken or started. */
  stopped: boolean;
  /** The one recovery of this runner, once asked for. */
  recovery: Promise<RecoveryReport> | undefined;
  /** The claim on the shared queue under way, if any (claims run one at a time). */
  pulling?: Promise<void>;
}

/** What a runner's state is built from. */
export interface JobRunnerStateInput {
  readonly maxConcurrent: number;
  /** Runs one job to its end, when the queue gives it a slot. */
  readonly run: (jobId: string) => Promise<void>;
}

/** A runner's state before any job. */
export function createJobRunnerState(input: JobRunnerStateInput): JobRunnerState {
  return {
    lifetime: new AbortController(),
    serial: createKeyedSerial(),
    tracked: new Map(),
    queue: createJobQueue(input),
    stopped: false,
    recovery: undefined,
  };
}

/** Owns `record` from now on. */
export function trackJob(state: JobRunnerState, record: JobRecord): TrackedJob {
  let settle = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const entry: TrackedJob = { record, controller: new AbortController(), settled, settle };
  state.tracked.set(record.jobId, entry);
  return entry;
}

/** Lets `entry` go, and tells whoever waits on it. */
export function untrackJob(state: JobRunnerState, entry: TrackedJob): void {
  if (state.tracked.get(entry.record.jobId) === entry) state.tracked.delete(entry.record.jobId);
  entry.settle();
}
