import { CockpitError } from '@lukhas/core';

/** Stable codes of every task error; the server refuses to start on either (exit code 2). */
export type TaskErrorCode =
  /** A job or task variable (LUKHAS_MAX_CONCURRENT_JOBS, LUKHAS_TASK_ENV_ALLOW, …) has an unusable value. */
  | 'INVALID_TASK_SETTINGS'
  /** The task file is configured but missing, unreadable or invalid (see `TaskFileError`). */
  | 'INVALID_TASK_FILE';

/** Base error of the tasks package: a setting or a task file the cockpit cannot run jobs with. */
export class TaskError extends CockpitError<TaskErrorCode> {
  override readonly name: string = 'TaskError';
}

/** True when `error` is a {@link TaskError}, optionally with the given code. */
export function isTaskError(error: unknown, code?: TaskErrorCode): error is TaskError {
  return error instanceof TaskError && (code === undefined || error.code === code);
}
