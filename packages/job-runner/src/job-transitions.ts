/**
 * The transition records of the job lifecycle: for each step, the job's new state, its audit row,
 * its narrative line and its bus event, built from the previous state. Pure; the runner stores
 * them through the persistence layer's atomic `recordTransition`.
 */
import { type JobRecord, nextJobStatus, type TransitionRecord } from '@lukhas/core';
import { jobCancelled, jobCompleted, jobFailed, jobProgress, jobQueued, jobRunning } from '@lukhas/narrative';
import type { TaskDetails } from './task-launcher.ts';

/** Who did it and when (epoch ms). */
export interface TransitionContext {
  readonly at: number;
  readonly operator: string;
}

/** A new queued job. */
export function queuedTransition(job: JobRecord, context: TransitionContext): TransitionRecord {
  const data = { jobId: job.jobId, taskId: job.taskId, configId: job.configId, status: job.status };
  return {
    ...context,
    job,
    audit: { action: 'job.queued', details: data },
    narrative: { eventType: 'queued', message: jobQueued(job) },
    event: { type: 'queued', data },
  };
}

/** The job starts running. */
export function runningTransition(previous: JobRecord, context: TransitionContext): TransitionRecord {
  const startedAt = iso(context.at);
  const job = advance(previous, 'start', context, { startedAt });
  const data = { jobId: job.jobId, taskId: job.taskId, status: job.status, startedAt };
  return record({ previous, job, context, type: 'running', message: jobRunning(job), data });
}

/** A (throttled) progress report. */
export function progressTransition(
  previous: JobRecord,
  report: { readonly progress?: number; readonly message?: string },
  context: TransitionContext,
): TransitionRecord {
  const progress = report.progress === undefined ? previous.progress : clampProgress(report.progress);
  const message = report.message ?? previous.message;
  const job = advance(previous, 'progress', context, { progress, message });
  const data = { jobId: job.jobId, status: job.status, progress, message };
  const line = jobProgress({ jobId: job.jobId, progress: progress ?? 0, message });
  return record({ previous, job, context, type: 'progress', message: line, data });
}

/** The task succeeded. */
export function completedTransition(
  previous: JobRecord,
  outcome: { readonly result: unknown; readonly details?: TaskDetails },
  context: TransitionContext,
): TransitionRecord {
  const job = advance(previous, 'complete', context, {
    progress: 1,
    result: outcome.result ?? null,
    details: mergeDetails(previous.details, outcome.details),
    finishedAt: iso(context.at),
  });
  const durationMs = durationOf(previous, context.at);
  const data = { jobId: job.jobId, status: job.status, result: job.result, durationMs };
  const message = jobCompleted({ jobId: job.jobId, durationMs });
  return record({ previous, job, context, type: 'completed', message, data });
}

/** The task failed, timed out, crashed, or its runner died; `durationMs` null when unknown. */
export function failedTransition(
  previous: JobRecord,
  failure: {
    readonly reason: string;
    readonly exitCode?: number | null;
    readonly signal?: string | null;
    readonly details?: TaskDetails;
    readonly knownDuration?: boolean;
  },
  context: TransitionContext,
): TransitionRecord {
  const exitCode = failure.exitCode ?? null;
  const signal = failure.signal ?? null;
  const job = advance(previous, 'fail', context, {
    error: failure.reason,
    details: mergeDetails(previous.details, { exitCode, signal, ...failure.details }),
    finishedAt: iso(context.at),
  });
  const durationMs = failure.knownDuration === false ? null : durationOf(previous, context.at);
  const data = { jobId: job.jobId, status: job.status, error: failure.reason, exitCode, signal, durationMs };
  const message = jobFailed({ jobId: job.jobId, reason: failure.reason, durationMs });
  return record({ previous, job, context, type: 'failed', message, data });
}

/** An operator cancelled the job, queued or running. */
export function cancelledTransition(
  previous: JobRecord,
  cancel: { readonly reason: string | null; readonly details?: TaskDetails },
  context: TransitionContext,
): TransitionRecord {
  const job = advance(previous, 'cancel', context, {
    error: cancel.reason ?? `cancelled by ${context.operator}`,
    details: mergeDetails(previous.details, cancel.details),
    finishedAt: iso(context.at),
  });
  const durationMs = durationOf(previous, context.at);
  const data = { jobId: job.jobId, status: job.status, reason: cancel.reason };
  const message = jobCancelled({ jobId: job.jobId, reason: cancel.reason, durationMs });
  return record({ previous, job, context, type: 'cancelled', message, data });
}

function advance(
  previous: JobRecord,
  transition: 'start' | 'progress' | 'complete' | 'fail' | 'cancel',
  context: TransitionContext,
  changes: Partial<JobRecord>,
): JobRecord {
  // Throws ILLEGAL_JOB_TRANSITION for a job that already ended: the one guard every path shares.
  const status = nextJobStatus(previous.status, transition);
  return { ...previous, ...changes, status, updatedAt: iso(context.at) };
}

function record(facts: {
  readonly previous: JobRecord;
  readonly job: JobRecord;
  readonly context: TransitionContext;
  readonly type: 'running' | 'progress' | 'completed' | 'failed' | 'cancelled';
  readonly message: string;
  readonly data: Record<string, unknown>;
}): TransitionRecord {
  const { previous, job, context, type, message, data } = facts;
  return {
    ...context,
    // Checked inside the transaction: if anyone else moved the job on, nothing is stored.
    expectStatus: previous.status,
    job,
    audit: { action: `job.${type}`, details: { taskId: job.taskId, ...data } },
    narrative: { eventType: type, message },
    event: { type, data },
  };
}

function durationOf(job: JobRecord, at: number): number | null {
  return job.startedAt === null ? null : Math.max(0, at - Date.parse(job.startedAt));
}

function mergeDetails(previous: JobRecord['details'], added: TaskDetails | undefined): JobRecord['details'] {
  if (added === undefined) return previous;
  return { ...previous, ...added };
}

function clampProgress(progress: number): number {
  return Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
