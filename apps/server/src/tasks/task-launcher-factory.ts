/**
 * Picks how jobs run: the commands of a task file when one is configured, else demo mode, where
 * every task id runs the job runner's built-in simulated evaluation.
 */
import { createDemoLauncher, type DemoLauncherOptions, type TaskLauncher } from '@lukhas/job-runner';
import { createChildProcessLauncher } from './child-process-launcher.ts';
import { taskBaseEnv, taskEnvAllowList } from './task-env.ts';
import { loadTaskFile, resolveTaskFilePath } from './task-file.ts';

/** Where to look for the task file. */
export interface TaskLauncherFactoryOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The repository root (LUKHAS_REPO_ROOT): home of the default task file and of task directories. */
  readonly repoRoot: string;
  /** Base of a relative LUKHAS_TASKS_FILE (default `process.cwd()`). */
  readonly cwd?: string;
  /** Pacing of the demo simulation (tests make it fast). */
  readonly demo?: DemoLauncherOptions;
}

/** The chosen launcher and how to describe it at start-up. */
export type TaskLauncherChoice =
  | {
      readonly mode: 'tasks';
      readonly launcher: TaskLauncher;
      readonly taskFile: string;
      readonly taskIds: readonly string[];
    }
  | {
      readonly mode: 'demo';
      readonly launcher: TaskLauncher;
      readonly taskFile: null;
      readonly taskIds: 'any';
    };

/**
 * The launcher for this environment; throws a `TaskFileError` (a `ConfigError`) for a task file
 * that is configured but missing or invalid, and a `ConfigError` for a bad `LUKHAS_TASK_ENV_ALLOW`.
 * Tasks start from the allow-listed variables of `env` only (`task-env.ts`).
 *
 * @example
 * const { launcher, mode } = createTaskLauncher({ env: process.env, repoRoot: config.repoRoot });
 * console.log(mode === 'demo' ? 'jobs: demo mode (simulated evals)' : 'jobs: task file');
 */
export function createTaskLauncher(options: TaskLauncherFactoryOptions): TaskLauncherChoice {
  const file = resolveTaskFilePath(options);
  if (file === undefined) {
    return { mode: 'demo', launcher: createDemoLauncher(options.demo), taskFile: null, taskIds: 'any' };
  }
  const taskFile = loadTaskFile({ file, repoRoot: options.repoRoot });
  const baseEnv = taskBaseEnv(options.env, taskEnvAllowList(options.env));
  return {
    mode: 'tasks',
    launcher: createChildProcessLauncher({ taskFile, baseEnv }),
    taskFile: file,
    taskIds: [...taskFile.tasks.keys()].sort(),
  };
}
