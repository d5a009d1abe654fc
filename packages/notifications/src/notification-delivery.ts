/**
 * The delivery port: how one message reaches the chat's incoming webhook. The notifier decides
 * what to send and when; the function behind this port owns the HTTP call, its timeout and its
 * retries. The shapes are a subset of the cockpit's webhook poster (`postWebhook`'s post and
 * outcome), so that poster fits once its knobs are bound.
 */

/** One message to deliver. */
export interface NotificationPost {
  /** The incoming-webhook URL (a secret: never log it). */
  readonly url: string;
  /** The JSON body: a Slack message (`slackMessage`). */
  readonly payload: unknown;
  /** Aborted when the notifier gives up on this delivery (its own timeout, or `close()`). */
  readonly signal: AbortSignal;
  /**
   * The id of the event notified: the same on every attempt, so a deliverer can derive the
   * receiver's idempotency key from it (the cockpit sends `Idempotency-Key: notification:<id>`).
   */
  readonly eventId: number;
}

/** How a delivery went, after the deliverer's own retries. */
export interface NotificationDeliveryOutcome {
  /** A 2xx answer arrived. */
  readonly ok: boolean;
  /** Why it failed, as a class (`timeout`, `HTTP 5xx`, …); never the URL or the answer's body. */
  readonly failure?: string | null;
}

/**
 * Delivers one message; should resolve (not reject) with the outcome, though the notifier copes
 * with either.
 *
 * @example
 * const deliver: DeliverNotification = (post) =>
 *   postWebhook({ ...post, timeoutMs: 5000, retries: 2, backoffMs: 500, fetch: globalThis.fetch, timers: systemTimers });
 */
export type DeliverNotification = (post: NotificationPost) => Promise<NotificationDeliveryOutcome>;
