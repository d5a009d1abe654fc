export {
  type ChildProcessLauncherOptions,
  createChildProcessLauncher,
  inheritedEnv,
  WITHHELD_ENV_VARS,
} from './child-process-launcher.ts';
export { createJobRuntime, type JobRuntime, type JobRuntimeOptions } from './job-runtime.ts';
export { JOB_SETTING_DEFAULTS, type JobSettings, loadJobSettings } from './job-settings.ts';
export { runTaskProcess, type TaskProcessOptions } from './run-task-process.ts';
export {
  DEFAULT_TASK_FILE_NAME,
  DEFAULT_TIMEOUT_SECONDS,
  loadTaskFile,
  parseTaskFile,
  resolveTaskFilePath,
  type TaskDefinition,
  type TaskFile,
  TaskFileError,
} from './task-file.ts';
export {
  createTaskLauncher,
  type TaskLauncherChoice,
  type TaskLauncherFactoryOptions,
} from './task-launcher-factory.ts';
