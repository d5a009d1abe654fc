/**
 * Narrative messages for the evaluation-job lifecycle: queued → running → progress →
 * completed / failed / cancelled. Each returns `<subject> → <what>` without the time prefix
 * (`formatNarrativeLine` adds it). Before a job runs its subject is the task (`eval "task"`),
 * afterwards the job id.
 */
import { formatDuration, formatProgress } from './format-values.ts';
import { quoteText, sanitizeText } from './sanitize-text.ts';

/** A job that was queued or started: named by its task. */
export interface JobTaskInput {
  readonly taskId: string;
}

/** Progress reported by a running job. */
export interface JobProgressInput {
  readonly jobId: string;
  /** 0..1. */
  readonly progress: number;
  readonly message?: string | null;
}

/** A job that completed. */
export interface JobCompletedInput {
  readonly jobId: string;
  /** Run time, shown in parentheses when given. */
  readonly durationMs?: number | null;
}

/** A job that failed. */
export interface JobFailedInput {
  readonly jobId: string;
  /** What went wrong, e.g. `exit code 2`, `timed out after 30s`, `interrupted by restart`. */
  readonly reason: string;
  readonly durationMs?: number | null;
}

/** A job an operator cancelled. */
export interface JobCancelledInput {
  readonly jobId: string;
  readonly reason?: string | null;
  readonly durationMs?: number | null;
}

/** `eval "lukhas-agi-stress" → queued for processing` */
export function jobQueued(input: JobTaskInput): string {
  return `eval ${quoteText(input.taskId)} → queued for processing`;
}

/** `eval "lukhas-agi-stress" → running` */
export function jobRunning(input: JobTaskInput): string {
  return `eval ${quoteText(input.taskId)} → running`;
}

/** `job_9hd → 40% (scoring batch 2/5)`, or `job_9hd → 40%` without a message. */
export function jobProgress(input: JobProgressInput): string {
  return `${sanitizeText(input.jobId)} → ${formatProgress(input.progress)}${inParentheses(input.message)}`;
}

/**
 * `job_9hd → completed successfully (23s)`
 *
 * @example jobCompleted({ jobId: 'job_9hd', durationMs: 23_000 })
 */
export function jobCompleted(input: JobCompletedInput): string {
  return `${sanitizeText(input.jobId)} → completed successfully${durationSuffix(input.durationMs)}`;
}

/** `job_9hd → failed: exit code 2 (4s)`, or `job_9hd → failed: interrupted by restart` without a duration. */
export function jobFailed(input: JobFailedInput): string {
  return `${sanitizeText(input.jobId)} → failed${afterColon(input.reason)}${durationSuffix(input.durationMs)}`;
}

/** `job_9hd → cancelled by operator: wrong config (12s)`; reason and duration are each optional. */
export function jobCancelled(input: JobCancelledInput): string {
  return `${sanitizeText(input.jobId)} → cancelled by operator${afterColon(input.reason)}${durationSuffix(input.durationMs)}`;
}

function durationSuffix(durationMs: number | null | undefined): string {
  return durationMs === null || durationMs === undefined ? '' : ` (${formatDuration(durationMs)})`;
}

function afterColon(text: string | null | undefined): string {
  const clean = sanitizeText(text ?? '');
  return clean === '' ? '' : `: ${clean}`;
}

function inParentheses(text: string | null | undefined): string {
  const clean = sanitizeText(text ?? '');
  return clean === '' ? '' : ` (${clean})`;
}
