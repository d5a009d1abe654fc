import { CockpitError, hasErrorCode, messageOf, STORE_ERROR } from '@lukhas/core';

/** Stable codes of the job runner's errors; the server maps them to tool errors. */
export type JobRunnerErrorCode =
  /** `submit` named a task the launcher does not know; `knownTasks` lists the ones it does. */
  | 'UNKNOWN_TASK'
  /** `submit` got a task id or config id that is not a usable string. */
  | 'INVALID_JOB_REQUEST'
  /** No job has that id. */
  | 'JOB_NOT_FOUND'
  /** The runner was stopped and accepts no more jobs. */
  | 'RUNNER_STOPPED';

/** Base error of the job runner: a stable `code`, a message an operator can act on, and typed details. */
export class JobRunnerError extends CockpitError<JobRunnerErrorCode> {
  override readonly name: string = 'JobRunnerError';
  /** For `UNKNOWN_TASK`: the task ids that do exist, sorted. */
  readonly knownTasks: readonly string[];

  constructor(
    code: JobRunnerErrorCode,
    message: string,
    options: { knownTasks?: readonly string[]; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.knownTasks = options.knownTasks ?? [];
  }
}

/** True when `error` is a {@link JobRunnerError}, optionally with the given code. */
export function isJobRunnerError(error: unknown, code?: JobRunnerErrorCode): error is JobRunnerError {
  return error instanceof JobRunnerError && (code === undefined || error.code === code);
}

/** The `UNKNOWN_TASK` error for `taskId`, naming every known task. */
export function unknownTaskError(taskId: string, knownTasks: readonly string[]): JobRunnerError {
  const sorted = [...knownTasks].sort();
  const known = sorted.length === 0 ? 'none are configured' : `known tasks: ${sorted.join(', ')}`;
  return new JobRunnerError('UNKNOWN_TASK', `Unknown task "${taskId}"; ${known}`, { knownTasks: sorted });
}

/** The store's "someone else changed it first" error: a transition's `expectStatus` did not hold. */
export function isStaleState(error: unknown): boolean {
  return hasErrorCode(error, STORE_ERROR.STALE_STATE);
}

export { messageOf };
