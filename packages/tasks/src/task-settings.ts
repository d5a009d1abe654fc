/**
 * Everything the environment says about jobs, read and checked once at start: the task file (or
 * demo mode), the runner's knobs and the environment tasks start from.
 */
import { type JobSettings, parseJobSettings } from './job-settings.ts';
import { taskBaseEnv, taskEnvAllowList } from './task-env.ts';
import { TaskError } from './task-error.ts';
import { loadTaskFile, resolveTaskFilePath, type TaskFile } from './task-file.ts';

/** What jobs run with. */
export interface TaskSettings {
  /** The task file (LUKHAS_TASKS_FILE, else `cockpit.tasks.json` in the repository root); null: demo mode. */
  readonly taskFile: TaskFile | null;
  /** LUKHAS_MAX_CONCURRENT_JOBS and LUKHAS_JOB_CANCEL_GRACE_MS. */
  readonly jobs: JobSettings;
  /** The variables every task starts from: the allow-listed part of the environment (`task-env.ts`). */
  readonly baseEnv: Readonly<Record<string, string>>;
}

/** Where relative paths start. */
export interface TaskSettingsOptions {
  /** The repository root (LUKHAS_REPO_ROOT): home of the default task file and of task directories. */
  readonly repoRoot: string;
  /** Base of a relative LUKHAS_TASKS_FILE (the server's working directory). */
  readonly cwd: string;
}

/**
 * Reads LUKHAS_TASKS_FILE (and loads that file), LUKHAS_MAX_CONCURRENT_JOBS,
 * LUKHAS_JOB_CANCEL_GRACE_MS and LUKHAS_TASK_ENV_ALLOW. Throws a {@link TaskError} naming every
 * bad variable: the one error itself when there is one (a `TaskFileError` for the task file), else
 * an `INVALID_TASK_SETTINGS` error listing them all, with the errors as its `cause`.
 *
 * @example
 * const settings = parseTaskSettings(process.env, { repoRoot: '/srv/repo', cwd: process.cwd() });
 * settings.taskFile === null ? 'demo mode' : settings.taskFile.path;
 */
export function parseTaskSettings(
  env: Readonly<Record<string, string | undefined>>,
  options: TaskSettingsOptions,
): TaskSettings {
  const errors: unknown[] = [];
  const attempt = <Value>(parse: () => Value, fallback: Value): Value => {
    try {
      return parse();
    } catch (error) {
      errors.push(error);
      return fallback;
    }
  };
  const jobs = attempt(() => parseJobSettings(env), undefined);
  const allow = attempt(() => taskEnvAllowList(env), undefined);
  const taskFile = attempt(() => {
    const file = resolveTaskFilePath({ env, repoRoot: options.repoRoot, cwd: options.cwd });
    return file === undefined ? null : loadTaskFile({ file, repoRoot: options.repoRoot });
  }, null);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 0 || jobs === undefined || allow === undefined) {
    const messages = errors.map((error) => (error instanceof Error ? error.message : String(error)));
    throw new TaskError('INVALID_TASK_SETTINGS', messages.join('; '), { cause: new AggregateError(errors) });
  }
  return { taskFile, jobs, baseEnv: taskBaseEnv(env, allow) };
}
