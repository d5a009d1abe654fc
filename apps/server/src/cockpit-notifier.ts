/**
 * The cockpit's chat notifier: `@lukhas/notifications` with the webhook poster as its delivery
 * (the canary webhooks' timeout, retries and backoff; no signature, the Slack URL is the
 * credential). Every outcome goes to `onOutcome` (the /metrics counter) and failures to the log,
 * by class only: the URL is a secret.
 */
import { systemTimers } from '@lukhas/core';
import {
  createNotifier,
  type NotificationOutcome,
  type NotificationSettings,
  type Notifier,
} from '@lukhas/notifications';
import { postWebhook, WEBHOOK_DEFAULTS, type WebhookKnobs } from '@lukhas/webhooks';

// Below main.ts's 5 s exit deadline, so the last decision's message still has its chance.
const CLOSE_TIMEOUT_MS = 3_000;

/** Options of {@link createCockpitNotifier}. */
export interface CockpitNotifierOptions {
  readonly settings: NotificationSettings;
  /** The delivery knobs (LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS, _RETRIES, _BACKOFF_MS); the secret is not used. */
  readonly knobs: WebhookKnobs;
  readonly onOutcome: (outcome: NotificationOutcome) => void;
}

/**
 * A notifier; subscribe its `notify` to the stored events. With no Slack URL it sends nothing.
 *
 * @example
 * const notifier = createCockpitNotifier({ settings: config.notifications, knobs: config.webhooks, onOutcome });
 * events.subscribe((event) => notifier.notify(event));
 * // at shutdown: await notifier.close();
 */
export function createCockpitNotifier(options: CockpitNotifierOptions): Notifier {
  const { knobs } = options;
  return createNotifier({
    settings: options.settings,
    deliver: (post) =>
      postWebhook({
        url: post.url,
        payload: post.payload,
        signal: post.signal,
        timeoutMs: knobs.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs,
        retries: knobs.retries ?? WEBHOOK_DEFAULTS.retries,
        backoffMs: knobs.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs,
        fetch: (url, init) => globalThis.fetch(url, init),
        timers: systemTimers,
      }),
    onOutcome: (outcome) => {
      if (outcome.outcome !== 'sent') {
        console.error(
          `notifications: ${outcome.eventType} event ${outcome.eventId} ${outcome.outcome} (${outcome.failure})`,
        );
      }
      options.onOutcome(outcome);
    },
    closeTimeoutMs: CLOSE_TIMEOUT_MS,
  });
}
