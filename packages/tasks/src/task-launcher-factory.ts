/**
 * Picks how jobs run: the commands of a task file when one is configured, else demo mode, where
 * every task id runs the job runner's built-in simulated evaluation.
 */
import { createDemoLauncher, type DemoLauncherOptions, type TaskLauncher } from '@lukhas/job-runner';
import { createChildProcessLauncher } from './child-process-launcher.ts';
import type { TaskFile } from './task-file.ts';

/** What the launcher is chosen from (a `TaskSettings` fits). */
export interface TaskLauncherFactoryOptions {
  /** The loaded task file; null: demo mode. */
  readonly taskFile: TaskFile | null;
  /** The environment tasks start from (`TaskSettings.baseEnv`; default: the allow-listed `process.env`). */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
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
 * The launcher for these settings: the task file's commands, or demo mode without one.
 *
 * @example
 * const { launcher, mode } = createTaskLauncher(parseTaskSettings(process.env, { repoRoot, cwd }));
 * console.log(mode === 'demo' ? 'jobs: demo mode (simulated evals)' : 'jobs: task file');
 */
export function createTaskLauncher(options: TaskLauncherFactoryOptions): TaskLauncherChoice {
  const { taskFile } = options;
  if (taskFile === null) {
    return { mode: 'demo', launcher: createDemoLauncher(options.demo), taskFile: null, taskIds: 'any' };
  }
  return {
    mode: 'tasks',
    launcher: createChildProcessLauncher({
      taskFile,
      ...(options.baseEnv === undefined ? {} : { baseEnv: options.baseEnv }),
    }),
    taskFile: taskFile.path,
    taskIds: [...taskFile.tasks.keys()].sort(),
  };
}
