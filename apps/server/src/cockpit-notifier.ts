/**
 * The cockpit's chat notifier: `@lukhas/notifications` with the webhook poster as its delivery
 * (the canary webhooks' timeout, retries and backoff; no signature, the Slack URL is the
 * credential). Every outcome goes to `onOutcome` (the /metrics counter) and failures to the log,
 * by class only: the URL is a secret.
 *
 * Through the outbox: each notified event's message is stored in the event's own transaction
 * ({@link notificationOutboxFor}); the notifier sends it right after the commit and settles it;
 * what it could not send (receiver down, process killed, queue full) a relay sends again
 * ({@link redeliverNotification}). The stored payload is the event, never the URL.
 */
import {
  type CockpitEvent,
  type OutboxEntry,
  type OutboxMessage,
  type OutboxSettlement,
  systemTimers,
} from '@lukhas/core';
import {
  createNotifier,
  type NotificationOutcome,
  type NotificationSettings,
  type Notifier,
  slackMessage,
} from '@lukhas/notifications';
import { postWebhook, WEBHOOK_DEFAULTS, type WebhookKnobs } from '@lukhas/webhooks';

/** The outbox kind of a chat notification. */
export const NOTIFICATION_KIND = 'notification';

/** The idempotency key of an event's notification. */
export function notificationKey(eventId: number): string {
  return `notification:${eventId}`;
}

/** The outbox messages an event owes: its notification when the settings notify its type. */
export function notificationOutboxFor(
  settings: NotificationSettings,
): (event: CockpitEvent) => readonly OutboxMessage[] {
  const notified = new Set<string>(settings.events);
  return (event) =>
    settings.slackUrl !== null && notified.has(event.type)
      ? [{ kind: NOTIFICATION_KIND, key: notificationKey(event.id), payload: event }]
      : [];
}

// Below main.ts's 5 s exit deadline, so the last decision's message still has its chance.
const CLOSE_TIMEOUT_MS = 3_000;

/** Options of {@link createCockpitNotifier}. */
export interface CockpitNotifierOptions {
  readonly settings: NotificationSettings;
  /** The delivery knobs (LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS, _RETRIES, _BACKOFF_MS); the secret is not used. */
  readonly knobs: WebhookKnobs;
  readonly onOutcome: (outcome: NotificationOutcome) => void;
  /** Settles the outbox message of each sent or failed notification (a dropped one is left to a relay). */
  readonly settle?: (key: string, settlement: OutboxSettlement) => void;
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
    // The key a relay's later attempt sends too: the receiver can tell the two apart from a new message.
    deliver: (post) =>
      postNotification(knobs, {
        url: post.url,
        payload: post.payload,
        key: notificationKey(post.eventId),
        signal: post.signal,
      }),
    onOutcome: (outcome) => {
      if (outcome.outcome !== 'sent') {
        console.error(
          `notifications: ${outcome.eventType} event ${outcome.eventId} ${outcome.outcome} (${outcome.failure})`,
        );
      }
      options.onOutcome(outcome);
      if (outcome.outcome === 'sent')
        options.settle?.(notificationKey(outcome.eventId), { outcome: 'delivered' });
      if (outcome.outcome === 'failed') {
        options.settle?.(notificationKey(outcome.eventId), {
          outcome: 'retry',
          error: outcome.failure ?? 'failed',
        });
      }
    },
    closeTimeoutMs: CLOSE_TIMEOUT_MS,
  });
}

/**
 * A relay's attempt at a stored notification: the message built again from the stored event and
 * posted with the same knobs; told to `onOutcome` like the notifier's own.
 */
export function redeliverNotification(
  options: Omit<CockpitNotifierOptions, 'settle'> & { readonly signal: AbortSignal },
): (message: OutboxEntry) => Promise<OutboxSettlement | undefined> {
  const { settings, knobs } = options;
  return async (message) => {
    const event = message.payload as CockpitEvent;
    if (settings.slackUrl === null)
      return { outcome: 'given_up', error: 'no Slack URL is configured any more' };
    const outcome = await postNotification(knobs, {
      url: settings.slackUrl,
      payload: slackMessage(event, { publicUrl: settings.publicUrl }),
      key: message.key,
      signal: options.signal,
    });
    if (outcome.aborted) return undefined;
    options.onOutcome({
      eventType: event.type as NotificationOutcome['eventType'],
      eventId: event.id,
      outcome: outcome.ok ? 'sent' : 'failed',
      failure: outcome.failure,
    });
    if (outcome.ok) return { outcome: 'delivered' };
    const final =
      outcome.status !== null && outcome.status < 500 && outcome.status !== 408 && outcome.status !== 429;
    return { outcome: final ? 'given_up' : 'retry', error: outcome.failure ?? 'not delivered' };
  };
}

/** One chat message posted with the canary webhooks' knobs and its idempotency key (first try or relay). */
function postNotification(
  knobs: WebhookKnobs,
  post: {
    readonly url: string;
    readonly payload: unknown;
    readonly key: string;
    readonly signal: AbortSignal;
  },
): ReturnType<typeof postWebhook> {
  return postWebhook({
    url: post.url,
    payload: post.payload,
    headers: { 'idempotency-key': post.key },
    signal: post.signal,
    timeoutMs: knobs.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs,
    retries: knobs.retries ?? WEBHOOK_DEFAULTS.retries,
    backoffMs: knobs.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs,
    fetch: (url, init) => globalThis.fetch(url, init),
    timers: systemTimers,
  });
}
