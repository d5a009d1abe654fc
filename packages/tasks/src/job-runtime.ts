/**
 * The cockpit's job runner, composed from its task settings: the launcher the task file calls for
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
import type { JobSettings } from './job-settings.ts';
import { createTaskLauncher, type TaskLauncherChoice } from './task-launcher-factory.ts';
import type { TaskSettings } from './task-settings.ts';

/** What the runtime is built from. */
export interface JobRuntimeOptions {
  /** From `parseTaskSettings`. */
  readonly settings: TaskSettings;
  readonly store: JobRunnerStore;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly demo?: DemoLauncherOptions;
  readonly onError?: JobRunnerOptions['onError'];
  /** Several replicas on one database: the shared queue (see `@lukhas/job-runner`). */
  readonly shared?: JobRunnerOptions['shared'];
}

/** The runner and what it was built with. */
export interface JobRuntime {
  readonly runner: JobRunner;
  readonly launcher: TaskLauncherChoice;
  readonly settings: JobSettings;
}

/**
 * Builds the job runner for these settings; call `runner.recover()` before serving and
 * `runner.stop()` on shutdown.
 *
 * @example
 * const settings = parseTaskSettings(process.env, { repoRoot, cwd: process.cwd() });
 * const { runner, launcher } = createJobRuntime({ settings, store });
 * const { interrupted, resumed } = await runner.recover();
 */
export function createJobRuntime(options: JobRuntimeOptions): JobRuntime {
  const { settings } = options;
  const launcher = createTaskLauncher({
    taskFile: settings.taskFile,
    baseEnv: settings.baseEnv,
    ...(options.demo === undefined ? {} : { demo: options.demo }),
  });
  const runner = createJobRunner({
    store: options.store,
    launcher: launcher.launcher,
    maxConcurrent: settings.jobs.maxConcurrent,
    cancelGraceMs: settings.jobs.cancelGraceMs,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
    ...(options.shared === undefined ? {} : { shared: options.shared }),
  });
  return { runner, launcher, settings: settings.jobs };
}
