/**
 * The outbox relay: every replica runs one. It claims the calls still owed that are due (their
 * writer's own attempt failed, or the writer died before it settled them), hands each to the
 * deliverer of its kind, and settles the outcome: delivered, retried later with backoff
 * (`outboxRetryDelayMs`), or given up on a final refusal or after `maxAttempts` failed attempts
 * (`OUTBOX_MAX_ATTEMPTS`, about an hour), told to `onGivenUp` for its audit line. Claims are
 * leases, so a relay that dies mid-call leaves its messages to the others: every call is made at
 * least once, with its key, until it is delivered or given up.
 */
import { OUTBOX_MAX_ATTEMPTS, type OutboxEntry, type OutboxSettlement, type OutboxStore } from '@lukhas/core';

/** Makes one attempt at a message; undefined leaves it unsettled (shutting down). */
export type OutboxDeliverer = (message: OutboxEntry) => Promise<OutboxSettlement | undefined>;

/** Options of {@link startOutboxRelay}. */
export interface OutboxRelayOptions {
  readonly store: Pick<OutboxStore, 'claimOutbox' | 'settleOutbox'>;
  /** This replica's id, recorded on what it claims. */
  readonly owner: string;
  /** One deliverer per kind; a message of another kind is given up, saying so. */
  readonly deliverers: Readonly<Record<string, OutboxDeliverer>>;
  readonly onError: (error: Error) => void;
  /**
   * Told once per message given up, after it was settled so (`attempts` counts this one): the
   * server writes the audit line an operator reads. A throw is reported to `onError`.
   */
  readonly onGivenUp?: (
    message: OutboxEntry,
    given: { readonly error: string; readonly attempts: number },
  ) => Promise<void>;
  /** Failed attempts after which a message is given up (default `OUTBOX_MAX_ATTEMPTS`). */
  readonly maxAttempts?: number;
  /** How often it looks for due messages (default 1000 ms). */
  readonly intervalMs?: number;
  /** How long a claim holds; above the slowest attempt, retries included (default 120 s). */
  readonly leaseMs?: number;
  /** Messages claimed at once (default 10). */
  readonly batch?: number;
  readonly now?: () => number;
}

/** A running relay. */
export interface OutboxRelay {
  /** Stops looking; waits for the attempt under way. */
  close(): Promise<void>;
}

/** The defaults of {@link OutboxRelayOptions}. */
export const OUTBOX_RELAY_DEFAULTS = { intervalMs: 1000, leaseMs: 120_000, batch: 10 } as const;

/**
 * Starts relaying.
 *
 * @example
 * const relay = startOutboxRelay({ store, owner: 'cockpit-0', deliverers: { 'canary.webhook': redeliver }, onError });
 * // at shutdown, before the database closes:
 * await relay.close();
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { store, owner, deliverers, onError } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? OUTBOX_RELAY_DEFAULTS.leaseMs;
  const batch = options.batch ?? OUTBOX_RELAY_DEFAULTS.batch;
  const maxAttempts = options.maxAttempts ?? OUTBOX_MAX_ATTEMPTS;
  let closed = false;
  let running: Promise<void> | undefined;

  async function relayOne(message: OutboxEntry): Promise<void> {
    const deliver = deliverers[message.kind];
    const settlement: OutboxSettlement | undefined =
      deliver === undefined
        ? { outcome: 'given_up', error: `no deliverer for outbox messages of kind "${message.kind}"` }
        : await deliver(message).catch((error: unknown) => ({
            outcome: 'retry' as const,
            error: error instanceof Error ? error.message : String(error),
          }));
    if (settlement === undefined) return;
    const final = capped(settlement, message.attempts + 1);
    const settled = await store.settleOutbox(message.key, { ...final, at: now() });
    // Settled by another attempt first: that one's outcome stands, and is its own to tell.
    if (settled && final.outcome === 'given_up' && options.onGivenUp !== undefined) {
      await options
        .onGivenUp(message, { error: final.error, attempts: message.attempts + 1 })
        .catch((error: unknown) => {
          onError(
            new Error(
              `outbox message ${message.key} was given up, but its audit line was not written: ${String(error)}`,
            ),
          );
        });
    }
  }

  // The last failed attempt a message gets is its end: given up, saying how many there were.
  function capped(settlement: OutboxSettlement, attempts: number): OutboxSettlement {
    if (settlement.outcome !== 'retry' || attempts < maxAttempts) return settlement;
    return { outcome: 'given_up', error: `${attempts} attempts failed, the last one: ${settlement.error}` };
  }

  async function tick(): Promise<void> {
    try {
      const claimed = await store.claimOutbox({ owner, now: now(), leaseMs, limit: batch });
      for (const message of claimed) {
        if (closed) return; // unsettled: claimed again once the lease ends
        await relayOne(message);
      }
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  const timer = setInterval(() => {
    if (running === undefined && !closed) {
      running = tick().finally(() => {
        running = undefined;
      });
    }
  }, options.intervalMs ?? OUTBOX_RELAY_DEFAULTS.intervalMs);
  timer.unref?.();

  return {
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
