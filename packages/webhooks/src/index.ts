export {
  postWebhook,
  WEBHOOK_DEFAULTS,
  type WebhookFailure,
  type WebhookFetch,
  type WebhookKnobs,
  type WebhookOutcome,
  type WebhookPost,
} from './post-webhook.ts';
