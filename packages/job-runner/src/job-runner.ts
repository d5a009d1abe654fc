/**
 * The job runner: accepts jobs, queues them FIFO, runs at most `maxConcurrent` at once through a
 * TaskLauncher, and records every step (queued, running, progress, completed/failed/cancelled)
 * as one atomic transition of the store. Every step of one job runs in that job's serial chain,
 * so a cancel racing a completion ends in exactly one terminal state. One runner per database:
 * `recover()` at start-up decides what a previous process left behind.
 */
import {
  ACTIVE_JOB_STATUSES,
  createIdGenerator,
  createKeyedSerial,
  type JobRecord,
  nextJobStatus,
  systemClock,
  type TransitionRecord,
} from '@lukhas/core';
import { abortableDelay } from './abortable-delay.ts';
import { createJobQueue } from './job-queue.ts';
import { checkJobRequest, cleanProgress, newQueuedJob, type SubmitJobRequest } from './job-request.ts';
import type { JobRunnerOptions } from './job-runner-config.ts';
import { isStaleState, JobRunnerError, messageOf, unknownTaskError } from './job-runner-error.ts';
import {
  cancelledTransition,
  completedTransition,
  failedTransition,
  progressTransition,
  queuedTransition,
  runningTransition,
  type TransitionContext,
} from './job-transitions.ts';
import { createProgressThrottle, type ProgressThrottle } from './progress-throttle.ts';
import type { TaskOutcome, TaskProgress } from './task-launcher.ts';

/** Who cancels, and why. */
export interface CancelJobOptions {
  readonly operator: string;
  readonly reason?: string | null;
}

/** What `recover()` found. */
export interface RecoveryReport {
  /** Jobs that were running when the previous process died, now failed. */
  readonly interrupted: readonly string[];
  /** Jobs still queued, now back in the queue in their created order. */
  readonly resumed: readonly string[];
}

/** Runs evaluation jobs. */
export interface JobRunner {
  /** Checks the task with the launcher, stores the job as queued and returns it; it starts when a slot frees. */
  submit(request: SubmitJobRequest, operator: string): Promise<JobRecord>;
  /**
   * Cancels a queued job at once, or stops a running one and resolves once it is cancelled.
   * Throws `JOB_NOT_FOUND`, or core's `ILLEGAL_JOB_TRANSITION` when the job already ended.
   */
  cancel(jobId: string, options: CancelJobOptions): Promise<JobRecord>;
  /** Once, at start-up: fails jobs left running ("interrupted by restart"), re-queues queued ones. */
  recover(): Promise<RecoveryReport>;
  /** Stops taking jobs and stops running tasks (failed "interrupted by shutdown"); queued jobs stay queued. */
  stop(): Promise<void>;
  /** Resolves when no job is running or waiting. */
  idle(): Promise<void>;
  activeCount(): number;
  queuedCount(): number;
  /** The launcher's task ids, or `'any'` in demo mode. */
  knownTasks(): readonly string[] | 'any';
}

type StopRequest =
  | { readonly kind: 'cancel'; readonly reason: string | null; readonly operator: string }
  | { readonly kind: 'shutdown' };

/** A job this runner owns, from queued to its end. */
interface TrackedJob {
  record: JobRecord;
  readonly controller: AbortController;
  throttle?: ProgressThrottle;
  stopRequest?: StopRequest;
  readonly settled: Promise<void>;
  readonly settle: () => void;
}

/**
 * A job runner over a store and a launcher.
 *
 * @example
 * const runner = createJobRunner({ store, launcher: createDemoLauncher(), maxConcurrent: 2 });
 * await runner.recover();
 * const job = await runner.submit({ taskId: 'lukhas-agi-stress', configId: 'cfg-7' }, 'alice');
 * await runner.cancel(job.jobId, { operator: 'alice', reason: 'wrong config' });
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { store, launcher } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator();
  const cancelGraceMs = options.cancelGraceMs ?? 5_000;
  const throttleMs = options.progressThrottleMs ?? 250;
  const systemOperator = options.operator ?? 'system';
  const onError =
    options.onError ??
    ((error, { jobId, step }) => console.error(`job runner: ${step} of ${jobId} failed:`, error));

  const retry = options.storeRetryMs ?? { first: 500, max: 15_000 };
  const lifetime = new AbortController();
  const serial = createKeyedSerial();
  const tracked = new Map<string, TrackedJob>();
  const queue = createJobQueue({ maxConcurrent: options.maxConcurrent ?? 2, run: runJob });
  let stopped = false;
  let recovery: Promise<RecoveryReport> | undefined;

  const system = (): TransitionContext => ({ at: clock.now(), operator: systemOperator });

  async function commit(entry: TrackedJob, record: TransitionRecord): Promise<void> {
    await store.recordTransition(record);
    if (record.job !== undefined) entry.record = record.job;
  }

  // A job's end must not be lost to a store that refuses writes for a while (disk full): retried
  // until stored, with a bounded backoff. Only a stop gives up (the next recover() settles it), and
  // a stale state (someone else ended it first) is final.
  async function commitEnd(entry: TrackedJob, record: TransitionRecord, step: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await commit(entry, record);
        return;
      } catch (error) {
        if (isStaleState(error) || lifetime.signal.aborted) throw error;
        if (attempt === 1) onError(error, { jobId: entry.record.jobId, step });
        const delayMs = Math.min(retry.max, retry.first * 2 ** (attempt - 1));
        if (!(await abortableDelay(delayMs, lifetime.signal))) throw error;
      }
    }
  }

  function track(record: JobRecord): TrackedJob {
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const entry: TrackedJob = { record, controller: new AbortController(), settled, settle };
    tracked.set(record.jobId, entry);
    return entry;
  }

  function untrack(entry: TrackedJob): void {
    if (tracked.get(entry.record.jobId) === entry) tracked.delete(entry.record.jobId);
    entry.settle();
  }

  async function runJob(jobId: string): Promise<void> {
    const entry = tracked.get(jobId);
    if (entry === undefined) return;
    try {
      const started = await serial.run(jobId, async () => {
        if (stopped || entry.record.status !== 'queued') return false;
        try {
          await commit(entry, runningTransition(entry.record, system()));
        } catch (error) {
          if (isStaleState(error)) throw error;
          // Not left queued with nothing to run it: ended, with the reason.
          onError(error, { jobId, step: 'start' });
          const reason = `the cockpit could not record its start: ${messageOf(error)}`;
          await commitEnd(
            entry,
            failedTransition(entry.record, { reason, knownDuration: false }, system()),
            'start',
          );
          return false;
        }
        return true;
      });
      if (!started) return;
      const outcome = await launch(entry);
      await serial.run(jobId, () => finish(entry, outcome));
    } catch (error) {
      // The store failed: the job stays as last stored, and a restart's recover() settles it.
      onError(error, { jobId, step: entry.record.status === 'queued' ? 'start' : 'finish' });
    } finally {
      entry.throttle?.takePending();
      untrack(entry);
    }
  }

  async function launch(entry: TrackedJob): Promise<TaskOutcome> {
    const { jobId, taskId, configId } = entry.record;
    const throttle = createProgressThrottle({
      intervalMs: throttleMs,
      now: () => clock.now(),
      write: (progress) => {
        serial
          .run(jobId, () => writeProgress(entry, progress))
          .catch((error: unknown) => {
            onError(error, { jobId, step: 'progress' });
          });
      },
    });
    entry.throttle = throttle;
    if (entry.controller.signal.aborted) return { status: 'cancelled' };
    try {
      return await launcher.launch({
        jobId,
        taskId,
        configId,
        signal: entry.controller.signal,
        cancelGraceMs,
        onProgress: (report) => {
          const progress = cleanProgress(report);
          if (progress !== undefined && entry.record.status === 'running') throttle.report(progress);
        },
      });
    } catch (error) {
      return { status: 'failed', reason: `the task launcher failed: ${messageOf(error)}` };
    }
  }

  async function writeProgress(entry: TrackedJob, progress: TaskProgress): Promise<void> {
    if (entry.record.status !== 'running') return;
    await commit(entry, progressTransition(entry.record, progress, system()));
  }

  async function finish(entry: TrackedJob, outcome: TaskOutcome): Promise<void> {
    if (entry.record.status !== 'running') return;
    const pending = entry.throttle?.takePending();
    // The last progress is worth a try; the end is what must not be lost.
    if (pending !== undefined) {
      await writeProgress(entry, pending).catch((error: unknown) => {
        onError(error, { jobId: entry.record.jobId, step: 'progress' });
      });
    }
    const stop = entry.stopRequest;
    if (outcome.status === 'completed') {
      await commitEnd(entry, completedTransition(entry.record, outcome, system()), 'finish');
    } else if (outcome.status === 'failed') {
      await commitEnd(entry, failedTransition(entry.record, outcome, system()), 'finish');
    } else if (stop?.kind === 'shutdown') {
      const failure = { reason: 'interrupted by shutdown', details: outcome.details };
      // Shutting down: one attempt; if the store refuses it, the next recover() fails the job.
      await commit(entry, failedTransition(entry.record, failure, system()));
    } else {
      const cancel = { reason: stop?.reason ?? null, details: outcome.details };
      const context = { at: clock.now(), operator: stop?.operator ?? systemOperator };
      await commitEnd(entry, cancelledTransition(entry.record, cancel, context), 'finish');
    }
  }

  // Runs inside the job's serial chain, so it sees the state every earlier step left. Returns the
  // cancelled record, or the running job to wait for.
  async function requestCancel(jobId: string, cancel: CancelJobOptions): Promise<JobRecord | TrackedJob> {
    const reason = cancel.reason ?? null;
    const context = { at: clock.now(), operator: cancel.operator };
    const entry = tracked.get(jobId);
    if (entry === undefined) {
      // Not ours: it ended, or a previous process left it behind and recover() has not run yet.
      const job = await store.getJob(jobId);
      if (job === undefined) throw new JobRunnerError('JOB_NOT_FOUND', `No job "${jobId}"`);
      const record = cancelledTransition(job, { reason }, context);
      try {
        await store.recordTransition(record);
      } catch (error) {
        // Another process moved it on first: answer as if we had seen its new status.
        const current = isStaleState(error) ? await store.getJob(jobId) : undefined;
        if (current !== undefined) nextJobStatus(current.status, 'cancel');
        throw error;
      }
      return record.job ?? job;
    }
    if (entry.record.status === 'queued') {
      await commit(entry, cancelledTransition(entry.record, { reason }, context));
      queue.remove(jobId);
      untrack(entry);
      return entry.record;
    }
    nextJobStatus(entry.record.status, 'cancel');
    entry.stopRequest ??= { kind: 'cancel', reason, operator: cancel.operator };
    entry.controller.abort(reason ?? 'cancelled');
    return entry;
  }

  async function recoverOnce(): Promise<RecoveryReport> {
    const interrupted: string[] = [];
    const resumed: string[] = [];
    for (const job of await store.jobsInStatus(ACTIVE_JOB_STATUSES)) {
      await serial.run(job.jobId, async () => {
        if (stopped || tracked.has(job.jobId)) return;
        const current = await store.getJob(job.jobId); // an operator may have cancelled it meanwhile
        if (current?.status === 'running') {
          const failure = {
            reason: 'interrupted by restart',
            details: { interrupted: true },
            knownDuration: false,
          };
          try {
            await store.recordTransition(failedTransition(current, failure, system()));
            interrupted.push(current.jobId);
          } catch (error) {
            // Another process recovering the same database decided it first: once is enough.
            if (!isStaleState(error)) throw error;
          }
        } else if (current?.status === 'queued') {
          track(current);
          resumed.push(current.jobId);
        }
      });
    }
    // Older than anything submitted since start-up: they go first.
    queue.pushFront(resumed);
    return { interrupted, resumed };
  }

  return {
    async submit(request, operator) {
      if (stopped) {
        throw new JobRunnerError('RUNNER_STOPPED', 'The job runner is stopped; it takes no new jobs');
      }
      const { taskId, configId } = checkJobRequest(request);
      const known = launcher.knownTasks();
      if (known !== 'any' && !known.includes(taskId)) throw unknownTaskError(taskId, known);
      const at = clock.now();
      const job = newQueuedJob({ jobId: ids.next('job'), taskId, configId, operator, at });
      await store.recordTransition(queuedTransition(job, { at, operator }));
      if (stopped) return job; // stays queued in the store for the next start
      track(job);
      queue.push(job.jobId);
      return job;
    },

    async cancel(jobId, cancel) {
      const decided = await serial.run(jobId, () => requestCancel(jobId, cancel));
      if (!('controller' in decided)) return decided;
      await decided.settled;
      // The task may have completed or failed before it saw the cancel: that end stands.
      if (decided.record.status !== 'cancelled') nextJobStatus(decided.record.status, 'cancel');
      return decided.record;
    },

    recover() {
      recovery ??= recoverOnce();
      return recovery;
    },

    async stop() {
      stopped = true;
      lifetime.abort();
      for (const jobId of queue.close()) {
        const entry = tracked.get(jobId);
        if (entry !== undefined) untrack(entry);
      }
      for (const entry of tracked.values()) {
        entry.stopRequest ??= { kind: 'shutdown' };
        entry.controller.abort('shutdown');
      }
      await Promise.all([...tracked.values()].map((entry) => entry.settled));
      await queue.idle();
    },

    idle: () => queue.idle(),
    activeCount: () => queue.activeCount(),
    queuedCount: () => queue.queuedCount(),
    knownTasks: () => launcher.knownTasks(),
  };
}
