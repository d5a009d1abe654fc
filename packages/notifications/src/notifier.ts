/**
 * Sends one chat message per notified event, in order, off the caller's path: `notify()` only
 * queues, a single worker delivers, and nothing it does (a slow, failing or hung receiver) can
 * block or throw into a canary decision. The queue is bounded; when it is full the oldest
 * message is dropped, since the newest events (the decision) matter most.
 */
import { type CockpitEvent, systemTimers, type TimerHandle, type Timers } from '@lukhas/core';
import type { DeliverNotification, NotificationDeliveryOutcome } from './notification-delivery.ts';
import type { NotifiableEventType, NotificationSettings } from './notification-settings.ts';
import { slackMessage } from './slack-message.ts';

/** What became of one notified event, for the server's /metrics and log. */
export interface NotificationOutcome {
  readonly eventType: NotifiableEventType;
  readonly eventId: number;
  /** `sent` (a 2xx answer), `failed` (after the deliverer's retries, or timed out) or `dropped` (never tried). */
  readonly outcome: 'sent' | 'failed' | 'dropped';
  /** Why, as a class (`HTTP 5xx`, `timeout`, `queue full`, `closed`, …); null when sent. */
  readonly failure: string | null;
}

/** The knobs of {@link createNotifier}. */
export interface NotifierOptions {
  readonly settings: NotificationSettings;
  /** Posts one message; it owns the HTTP timeout and retries (see `DeliverNotification`). */
  readonly deliver: DeliverNotification;
  /** Called once per notified event; an exception in it is ignored. */
  readonly onOutcome: (outcome: NotificationOutcome) => void;
  readonly timers?: Timers;
  /** Messages that may wait behind the one being delivered (at least 1), default 1000. */
  readonly maxQueued?: number;
  /**
   * How long one delivery may take, retries included, before it is aborted and counted `failed`
   * so the next message goes out: a guard against a deliverer that never settles. Default 60 s;
   * keep it above the deliverer's own timeouts and backoff.
   */
  readonly deliveryTimeoutMs?: number;
  /** How long `close()` waits for the queue to drain, default 10 s. */
  readonly closeTimeoutMs?: number;
}

/** The running notifier. */
export interface Notifier {
  /** Queues the event when its type is notified; returns at once and never throws. */
  notify(event: CockpitEvent): void;
  /** Stops taking events and waits (bounded) for the queue to drain; what is left is dropped. */
  close(): Promise<void>;
  /** Messages not yet settled: the waiting ones and the one being delivered. */
  pending(): number;
}

/** The defaults of {@link NotifierOptions}. */
export const NOTIFIER_DEFAULTS = {
  maxQueued: 1000,
  deliveryTimeoutMs: 60_000,
  closeTimeoutMs: 10_000,
} as const;

/**
 * A notifier for the settings; with no Slack URL it accepts every event and sends nothing.
 *
 * @example
 * const notifier = createNotifier({
 *   settings: parseNotificationSettings(process.env),
 *   deliver: (post) => postWebhook({ ...post, timeoutMs: 5000, retries: 2, backoffMs: 500, fetch, timers }),
 *   onOutcome: ({ eventType, outcome }) => notificationsTotal.inc({ event: eventType, outcome }),
 * });
 * store.onEvent((event) => notifier.notify(event));
 * // on shutdown: await notifier.close();
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { settings, deliver } = options;
  const timers = options.timers ?? systemTimers;
  const maxQueued = Math.max(1, options.maxQueued ?? NOTIFIER_DEFAULTS.maxQueued);
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? NOTIFIER_DEFAULTS.deliveryTimeoutMs;
  const closeTimeoutMs = options.closeTimeoutMs ?? NOTIFIER_DEFAULTS.closeTimeoutMs;
  const slackUrl = settings.slackUrl;
  const notified = new Set<string>(settings.events);
  const queue: CockpitEvent[] = [];
  const idleWaiters: (() => void)[] = [];
  let inFlight: AbortController | null = null;
  let draining = false;
  let closing: Promise<void> | null = null;

  const report = (event: CockpitEvent, outcome: NotificationOutcome['outcome'], failure: string | null) => {
    try {
      options.onOutcome({
        eventType: event.type as NotifiableEventType,
        eventId: event.id,
        outcome,
        failure,
      });
    } catch {
      // A metrics or logging hook must not stop the deliveries.
    }
  };

  async function deliverOne(event: CockpitEvent, url: string): Promise<void> {
    const controller = new AbortController();
    inFlight = controller;
    let handle: TimerHandle | undefined;
    const timedOut = new Promise<'timed out'>((resolve) => {
      handle = timers.setTimeout(() => resolve('timed out'), deliveryTimeoutMs);
    });
    try {
      const payload = slackMessage(event, { publicUrl: settings.publicUrl });
      const result: NotificationDeliveryOutcome | 'timed out' = await Promise.race([
        deliver({ url, payload, signal: controller.signal, eventId: event.id }),
        timedOut,
      ]);
      if (result === 'timed out') {
        controller.abort(new Error(`notification not delivered within ${deliveryTimeoutMs}ms`));
        report(event, 'failed', 'timeout');
      } else if (result.ok) {
        report(event, 'sent', null);
      } else {
        report(event, 'failed', result.failure ?? 'not delivered');
      }
    } catch {
      // The deliverer's exception may quote the URL, the secret: only its class is kept.
      report(event, 'failed', 'delivery error');
    } finally {
      timers.clearTimeout(handle);
      inFlight = null;
    }
  }

  async function drain(url: string): Promise<void> {
    // Deliver after the caller's turn: notify() does no work of its own beyond queueing.
    await Promise.resolve();
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
      await deliverOne(event, url);
    }
    // Reached in the same turn as the empty-queue check, so no notify() slips in between.
    draining = false;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function idle(): Promise<void> {
    return draining ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve();
  }

  return {
    notify(event) {
      try {
        if (slackUrl === null || !notified.has(event.type)) return;
        if (closing !== null) return report(event, 'dropped', 'closed');
        if (queue.length >= maxQueued) {
          const oldest = queue.shift();
          if (oldest !== undefined) report(oldest, 'dropped', 'queue full');
        }
        queue.push(event);
        if (!draining) {
          draining = true;
          void drain(slackUrl);
        }
      } catch {
        // Never into the caller: a notification is worth less than the decision that raised it.
      }
    },
    close() {
      closing ??= (async () => {
        let handle: TimerHandle | undefined;
        const timedOut = new Promise<'timed out'>((resolve) => {
          handle = timers.setTimeout(() => resolve('timed out'), closeTimeoutMs);
        });
        const result = await Promise.race([idle(), timedOut]);
        timers.clearTimeout(handle);
        if (result === 'timed out') {
          for (const event of queue.splice(0)) report(event, 'dropped', 'closed');
          inFlight?.abort(new Error('notifier closed'));
        }
      })();
      return closing;
    },
    pending: () => queue.length + (inFlight === null ? 0 : 1),
  };
}
