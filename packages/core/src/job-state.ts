/**
 * The job lifecycle: queued → running (with progress) → completed | failed | cancelled.
 */
import { DomainError } from './errors.ts';
import type { JobEventType, JobStatus } from './records.ts';
import { TERMINAL_JOB_STATUSES } from './statuses.ts';

/** What can happen to a job. */
export type JobTransition = 'start' | 'progress' | 'complete' | 'fail' | 'cancel';

/** One row of the job transition table. */
export interface JobTransitionRule {
  readonly from: readonly JobStatus[];
  readonly to: JobStatus;
  /** The bus event the transition publishes. */
  readonly event: JobEventType;
}

/** Every legal job transition: the statuses it may start from, where it leads, and the event it emits. */
export const JOB_TRANSITIONS: Readonly<Record<JobTransition, JobTransitionRule>> = {
  start: { from: ['queued'], to: 'running', event: 'running' },
  progress: { from: ['running'], to: 'running', event: 'progress' },
  complete: { from: ['running'], to: 'completed', event: 'completed' },
  // A job can fail or be cancelled before it ever ran (e.g. a restart finds it queued).
  fail: { from: ['queued', 'running'], to: 'failed', event: 'failed' },
  cancel: { from: ['queued', 'running'], to: 'cancelled', event: 'cancelled' },
};

/** The event a newly created job publishes. */
export const JOB_CREATED_EVENT: JobEventType = 'queued';

const TERMINAL: ReadonlySet<JobStatus> = new Set(TERMINAL_JOB_STATUSES);

/** True for statuses no transition leaves: completed, failed, cancelled. */
export function isTerminalJobStatus(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/** True when `transition` is legal from `current`. */
export function canTransitionJob(current: JobStatus, transition: JobTransition): boolean {
  return ruleFor(transition)?.from.includes(current) ?? false;
}

/**
 * The status a job moves to, or a `DomainError` with code `ILLEGAL_JOB_TRANSITION`.
 *
 * @example
 * nextJobStatus('queued', 'start'); // 'running'
 * nextJobStatus('cancelled', 'complete'); // throws: cannot complete job in status "cancelled"
 */
export function nextJobStatus(current: JobStatus, transition: JobTransition): JobStatus {
  const rule = ruleFor(transition);
  if (rule === undefined || !rule.from.includes(current)) {
    throw new DomainError('ILLEGAL_JOB_TRANSITION', `cannot ${transition} job in status "${current}"`);
  }
  return rule.to;
}

/** The bus event a job transition publishes (`start` → `running`, `complete` → `completed`, …). */
export function jobEventFor(transition: JobTransition): JobEventType {
  return JOB_TRANSITIONS[transition].event;
}

// Transition names arrive from the wire too; `hasOwn` keeps `toString` and friends out.
function ruleFor(transition: JobTransition): JobTransitionRule | undefined {
  return Object.hasOwn(JOB_TRANSITIONS, transition) ? JOB_TRANSITIONS[transition] : undefined;
}
