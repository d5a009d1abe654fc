export { type ChildProcessLauncherOptions, createChildProcessLauncher } from './child-process-launcher.ts';
export { createJobRuntime, type JobRuntime, type JobRuntimeOptions } from './job-runtime.ts';
export { JOB_SETTING_DEFAULTS, type JobSettings, parseJobSettings } from './job-settings.ts';
export { runTaskProcess, type TaskProcessOptions } from './run-task-process.ts';
export {
  TASK_ENV_ALLOW_VARIABLE,
  TASK_ENV_DEFAULT_ALLOW,
  taskBaseEnv,
  taskEnvAllowList,
} from './task-env.ts';
export { isTaskError, TaskError, type TaskErrorCode } from './task-error.ts';
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
export { parseTaskSettings, type TaskSettings, type TaskSettingsOptions } from './task-settings.ts';
