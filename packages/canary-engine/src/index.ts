export { type CanaryEngine, createCanaryEngine, type ResumeReport } from './canary-engine.ts';
export {
  CanaryEngineError,
  type CanaryEngineErrorCode,
  isCanaryEngineError,
} from './canary-engine-error.ts';
export type { CanaryEngineOptions, CanaryEngineStore } from './canary-engine-options.ts';
export type { CanaryOwnershipOptions } from './canary-ownership.ts';
export type { WebhookPayload } from './canary-webhooks.ts';
export { missingReading, type ReadSloOptions, readSlo } from './read-slo.ts';
export { systemTimers, type TimerHandle, type Timers } from './timers.ts';
export {
  checkWebhookSettings,
  parseWebhookSettings,
  WEBHOOK_DEFAULTS,
  WEBHOOK_ENV,
  type WebhookSettings,
  webhookUrlsFor,
} from './webhook-settings.ts';
export {
  checkWebhookTarget,
  parseWebhookAllowList,
  type ResolveHost,
  redactWebhookUrl,
  WEBHOOK_ALLOW_ENV,
  type WebhookAllowList,
  type WebhookTargetPolicy,
  type WebhookTargetVerdict,
} from './webhook-targets.ts';
