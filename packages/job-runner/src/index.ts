export type { CancelJobOptions } from './cancel-job.ts';
export {
  createDemoLauncher,
  type DemoLauncherOptions,
  type SimulatedEvalResult,
  simulatedResult,
} from './demo-launcher.ts';
export type { SubmitJobRequest } from './job-request.ts';
export { createJobRunner, type JobRunner } from './job-runner.ts';
export type { JobRunnerOptions, JobRunnerStore } from './job-runner-config.ts';
export {
  isJobRunnerError,
  JobRunnerError,
  type JobRunnerErrorCode,
  unknownTaskError,
} from './job-runner-error.ts';
export type { RecoveryReport } from './job-runner-state.ts';
export { createLineSplitter, type LineSplitter, type LineSplitterOptions } from './line-splitter.ts';
export {
  createOutputTail,
  OUTPUT_TAIL_DEFAULTS,
  type OutputTail,
  type OutputTailOptions,
} from './output-tail.ts';
export type { SharedQueueOptions } from './shared-queue.ts';
export type {
  LaunchRequest,
  TaskDetails,
  TaskLauncher,
  TaskOutcome,
  TaskProgress,
} from './task-launcher.ts';
export { parseTaskOutputLine, type TaskOutputMessage } from './task-output-line.ts';
