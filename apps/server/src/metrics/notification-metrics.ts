/**
 * `cockpit_notifications_total{event,outcome}`: what became of each notified event (sent, failed,
 * dropped), from the notifier's outcomes. Every event type and outcome is exported at 0 from the
 * start, so `increase()` sees the first failure.
 */
import { NOTIFIABLE_EVENT_TYPES, type NotificationOutcome } from '@lukhas/notifications';
import { Counter, type Registry } from 'prom-client';

/** The notifier's outcomes, in the order it reports them. */
export const NOTIFICATION_OUTCOMES: readonly NotificationOutcome['outcome'][] = ['sent', 'failed', 'dropped'];

/** What feeds the counter: the cockpit's `onNotification`. */
export interface NotificationMetricsOptions {
  readonly registry: Registry;
  /** Subscribes to the notifier's outcomes; returns the unsubscribe function. */
  readonly onNotification: (listener: (outcome: NotificationOutcome) => void) => () => void;
}

/**
 * Declares the counter and starts listening; returns the unsubscribe function.
 *
 * @example
 * const stop = notificationMetrics({ registry, onNotification: cockpit.onNotification });
 */
export function notificationMetrics(options: NotificationMetricsOptions): () => void {
  const notifications = new Counter({
    name: 'cockpit_notifications_total',
    help: 'Chat notifications by event type and outcome (sent, failed after retries or timed out, dropped).',
    labelNames: ['event', 'outcome'] as const,
    registers: [options.registry],
  });
  for (const event of NOTIFIABLE_EVENT_TYPES) {
    for (const outcome of NOTIFICATION_OUTCOMES) notifications.inc({ event, outcome }, 0);
  }
  return options.onNotification(({ eventType, outcome }) => {
    notifications.inc({ event: eventType, outcome });
  });
}
