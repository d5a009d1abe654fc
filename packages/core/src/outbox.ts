/**
 * The outbox (SPEC "Running as a fleet"): a call the cockpit owes the outside world (a canary
 * webhook, a chat notification) is written in the same transaction as the decision that owes it,
 * then delivered at least once by whichever replica is alive. A crash between the decision and
 * the call no longer loses the call; a receiver that is down gets it once it is back. Receivers
 * dedupe by the message's `key` (sent as `Idempotency-Key`).
 */

/** A call owed, as the transition that owes it records it. */
export interface OutboxMessage {
  /** Who delivers it: `canary.webhook`, `notification`. */
  readonly kind: string;
  /** Unique per call, the same on every attempt: the receivers' idempotency key. */
  readonly key: string;
  /** What the deliverer needs (never a secret: it is stored as JSON). */
  readonly payload: unknown;
}

/** A stored message claimed for delivery. */
export interface OutboxEntry extends OutboxMessage {
  readonly id: number;
  /** Attempts settled before this one. */
  readonly attempts: number;
  /** The entity whose transition owes the call (a canary id, a job id): what its audit lines name. */
  readonly entityId: string;
  /** ISO time it was written (with its decision). */
  readonly createdAt: string;
}

/**
 * How an attempt ended: `delivered`; `retry` (worth another attempt, at `retryAt`); `given_up`
 * (a final refusal: the target is not allowed, a 4xx answer, nothing delivers that kind).
 */
export type OutboxSettlement =
  | { readonly outcome: 'delivered' }
  | { readonly outcome: 'retry'; readonly error: string }
  | { readonly outcome: 'given_up'; readonly error: string };

/** Pending messages, for `/metrics`. */
export interface OutboxStats {
  /** Messages not delivered and not given up. */
  readonly depth: number;
  /** Age of the oldest of them in seconds, 0 when none. */
  readonly oldestAgeSeconds: number;
}

/** The store's side of the outbox. */
export interface OutboxStore {
  /**
   * Claims up to `limit` messages due at `now` (oldest first) for `leaseMs`: no other replica
   * claims them meanwhile; one that is not settled within the lease is claimed again.
   */
  claimOutbox(claim: { owner: string; now: number; leaseMs: number; limit: number }): Promise<OutboxEntry[]>;
  /**
   * Records how an attempt at the message `key` ended; a retry is due after {@link outboxRetryDelayMs}.
   * False when nothing was recorded: no such message, or another attempt settled it first.
   */
  settleOutbox(key: string, settlement: OutboxSettlement & { readonly at: number }): Promise<boolean>;
  outboxStats(now: number): Promise<OutboxStats>;
}

/**
 * How long the writer of a message has to deliver it itself, right after its commit, before any
 * replica's relay may claim it (a crashed writer's messages wait this long).
 */
export const OUTBOX_HANDOFF_MS = 15_000;

/** The wait before attempt `attempts + 1`: 2 s, doubled each time, at most 5 minutes. */
export function outboxRetryDelayMs(attempts: number): number {
  return Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Attempts after which a call that still fails is given up (settled `given_up`, with one audit
 * line saying so): with {@link outboxRetryDelayMs} the last one comes about an hour after the first.
 */
export const OUTBOX_MAX_ATTEMPTS = 20;
