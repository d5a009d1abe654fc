export { type BaselineRegressionFacts, baselineRegression } from './baseline-narrative.ts';
export {
  type CanaryHook,
  type CanaryPromotedInput,
  type CanaryRolledBackInput,
  type CanarySampleFacts,
  type CanarySampleInput,
  type CanaryStartedInput,
  canaryPromoted,
  canaryRolledBack,
  canarySample,
  canaryStarted,
  type PromotionBlockedInput,
  promotionBlocked,
  type RollbackCause,
  type SloValues,
  type WebhookCalledInput,
  webhookCalled,
} from './canary-narrative.ts';
export { type FileChangedInput, fileChanged } from './file-narrative.ts';
export {
  formatBreach,
  formatBreaches,
  formatDrift,
  formatDuration,
  formatErrorRate,
  formatLatency,
  formatMetric,
  formatMetricValue,
  formatProgress,
  METRIC_LABELS,
} from './format-values.ts';
export {
  type JobCancelledInput,
  type JobCompletedInput,
  type JobFailedInput,
  type JobProgressInput,
  type JobTaskInput,
  jobCancelled,
  jobCompleted,
  jobFailed,
  jobProgress,
  jobQueued,
  jobRunning,
} from './job-narrative.ts';
export { formatNarrativeLine, formatUtcMinute, narrativeLineAt } from './narrative-line.ts';
export { MAX_TEXT_LENGTH, quoteText, sanitizeText } from './sanitize-text.ts';
export {
  type CanaryPauseInput,
  type CanaryResumedInput,
  type CanaryStepInput,
  canaryPaused,
  canaryResumed,
  canaryStep,
  type RouterFailedInput,
  type RouterRedeliveredInput,
  routerFailed,
  routerRedelivered,
} from './step-narrative.ts';
