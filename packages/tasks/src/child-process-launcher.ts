/**
 * The TaskLauncher of a cockpit with a task file: each job runs its task's command as a real
 * child process (see `run-task-process.ts`).
 */
import type { OutputTailOptions, TaskLauncher } from '@lukhas/job-runner';
import { runTaskProcess } from './run-task-process.ts';
import { taskBaseEnv } from './task-env.ts';
import type { TaskFile } from './task-file.ts';

/** What the launcher runs, and with which environment. */
export interface ChildProcessLauncherOptions {
  readonly taskFile: TaskFile;
  /**
   * Environment every task starts from, before its own `env` and the job variables (default: the
   * allow-listed variables of `process.env`, see `task-env.ts`); never the server's whole environment.
   */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Bounds of the stdout log tail and of the stderr tail kept on a job (default 50 lines / 8 KiB). */
  readonly tail?: OutputTailOptions;
}

/**
 * A launcher for the tasks of a task file.
 *
 * @example
 * const taskFile = loadTaskFile({ file, repoRoot });
 * const runner = createJobRunner({ store, launcher: createChildProcessLauncher({ taskFile }) });
 */
export function createChildProcessLauncher(options: ChildProcessLauncherOptions): TaskLauncher {
  const { taskFile } = options;
  const baseEnv = options.baseEnv ?? taskBaseEnv(process.env);
  const known = [...taskFile.tasks.keys()].sort();
  return {
    knownTasks: () => known,
    async launch(request) {
      const task = taskFile.tasks.get(request.taskId);
      if (task === undefined) {
        // A queued job can outlive its task: the file was edited before a restart.
        const reason = `task "${request.taskId}" is not in the task file ${taskFile.path}; known tasks: ${known.join(', ')}`;
        return { status: 'failed', reason };
      }
      return runTaskProcess({
        task,
        request,
        baseEnv,
        ...(options.tail === undefined ? {} : { tail: options.tail }),
      });
    },
  };
}
