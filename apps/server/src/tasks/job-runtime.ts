/**
 * The server's job runner, composed from the environment: the launcher the task file calls for
 * (or demo mode) and the concurrency and cancel knobs.
 */
import type { Clock, IdGenerator } from '@lukhas/core';
import {
  createJobRunner,
  type DemoLauncherOptions,
  type JobRunner,
  type JobRunnerOptions,
  type JobRunnerStore,
} from '@lukhas/job-runner';
import { type JobSettings, loadJobSettings } from './job-settings.ts';
import { createTaskLauncher, type TaskLauncherChoice } from './task-launcher-factory.ts';

/** What the runtime is built from. */
export interface JobRuntimeOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly repoRoot: string;
  readonly store: JobRunnerStore;
  /** Base of a relative LUKHAS_TASKS_FILE (default `process.cwd()`). */
  readonly cwd?: string;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly demo?: DemoLauncherOptions;
  readonly onError?: JobRunnerOptions['onError'];
}

/** The runner and what it was built with. */
export interface JobRuntime {
  readonly runner: JobRunner;
  readonly launcher: TaskLauncherChoice;
  readonly settings: JobSettings;
}

/**
 * Builds the job runner for this environment; call `runner.recover()` before serving and
 * `runner.stop()` on shutdown. Throws a `ConfigError` for bad knobs or a bad task file.
 *
 * @example
 * const { runner, launcher } = createJobRuntime({ env: process.env, repoRoot: config.repoRoot, store });
 * const { interrupted, resumed } = await runner.recover();
 */
export function createJobRuntime(options: JobRuntimeOptions): JobRuntime {
  const settings = loadJobSettings(options.env);
  const launcher = createTaskLauncher(options);
  const runner = createJobRunner({
    store: options.store,
    launcher: launcher.launcher,
    maxConcurrent: settings.maxConcurrent,
    cancelGraceMs: settings.cancelGraceMs,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  return { runner, launcher, settings };
}
