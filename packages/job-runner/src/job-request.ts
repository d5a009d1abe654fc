/**
 * What comes into the runner from outside — a job request, a task's progress report — checked
 * and bounded before it reaches a record.
 */
import type { JobRecord } from '@lukhas/core';
import { JobRunnerError } from './job-runner-error.ts';
import type { TaskProgress } from './task-launcher.ts';

/** What `submit` asks for. */
export interface SubmitJobRequest {
  readonly taskId: string;
  readonly configId?: string | null;
}

/** Longest progress message kept on a record. */
export const MAX_PROGRESS_MESSAGE_LENGTH = 1000;

/** The task and config ids of a request; throws `INVALID_JOB_REQUEST` when they are not usable strings. */
export function checkJobRequest(request: SubmitJobRequest): { taskId: string; configId: string | null } {
  const { taskId, configId = null } = request;
  if (typeof taskId !== 'string' || taskId.trim() === '') {
    throw new JobRunnerError('INVALID_JOB_REQUEST', 'taskId must be a non-empty string');
  }
  if (configId !== null && typeof configId !== 'string') {
    throw new JobRunnerError('INVALID_JOB_REQUEST', 'configId must be a string when given');
  }
  return { taskId, configId };
}

/** A new job, queued at `at` (epoch ms) by `operator`. */
export function newQueuedJob(job: {
  readonly jobId: string;
  readonly taskId: string;
  readonly configId: string | null;
  readonly operator: string;
  readonly at: number;
}): JobRecord {
  const createdAt = new Date(job.at).toISOString();
  return {
    jobId: job.jobId,
    taskId: job.taskId,
    configId: job.configId,
    status: 'queued',
    progress: null,
    message: null,
    result: null,
    error: null,
    details: null,
    operator: job.operator,
    createdAt,
    updatedAt: createdAt,
    startedAt: null,
    finishedAt: null,
  };
}

/** A report with only a finite progress and a bounded string message; undefined when nothing is left. */
export function cleanProgress(report: TaskProgress): TaskProgress | undefined {
  const progress =
    typeof report.progress === 'number' && Number.isFinite(report.progress) ? report.progress : undefined;
  const message =
    typeof report.message === 'string' ? report.message.slice(0, MAX_PROGRESS_MESSAGE_LENGTH) : undefined;
  if (progress === undefined && message === undefined) return undefined;
  return { ...(progress === undefined ? {} : { progress }), ...(message === undefined ? {} : { message }) };
}
