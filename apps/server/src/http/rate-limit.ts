import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import type { ClientAddress } from './client-address.ts';

/** Options of `createTokenBuckets`. */
export interface TokenBucketsOptions {
  /** Tokens in a full bucket (MCP_RL_BUCKET): the burst a client may send at once. */
  readonly capacity: number;
  /** Time for an empty bucket to refill completely (MCP_RL_WINDOW_MS). */
  readonly windowMs: number;
  /** Most clients tracked at once; the least recently seen go first beyond it. */
  readonly maxClients?: number;
  /** Epoch ms; injectable for tests. */
  readonly now?: () => number;
}

/** The outcome of taking a token: allowed, or refused with the wait until one is available. */
export type TokenTaken =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number };

/** Per-client token buckets refilled continuously, in bounded memory. */
export interface TokenBuckets {
  take(client: string): TokenTaken;
  /** Clients currently tracked. */
  readonly size: number;
}

const DEFAULT_MAX_CLIENTS = 10_000;

/**
 * Per-client token buckets. A bucket idle for a whole window is full again, the same as a new one,
 * so it is dropped: memory follows the clients active within one window, capped by `maxClients`.
 *
 * @example
 * const buckets = createTokenBuckets({ capacity: 60, windowMs: 10_000 });
 * buckets.take('203.0.113.7'); // { allowed: true }
 */
export function createTokenBuckets(options: TokenBucketsOptions): TokenBuckets {
  const now = options.now ?? Date.now;
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  const tokensPerMs = options.capacity / options.windowMs;
  // Map order is "least recently seen first": every take() re-inserts its client at the end.
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();

  const dropIdle = (time: number) => {
    for (const [client, bucket] of buckets) {
      if (time - bucket.updatedAt < options.windowMs) break;
      buckets.delete(client);
    }
  };

  return {
    take(client) {
      const time = now();
      const bucket = buckets.get(client);
      buckets.delete(client);
      dropIdle(time);
      while (buckets.size >= maxClients) {
        const oldest = buckets.keys().next();
        if (oldest.done) break;
        buckets.delete(oldest.value);
      }
      const elapsed = bucket === undefined ? 0 : Math.max(0, time - bucket.updatedAt);
      let tokens =
        bucket === undefined
          ? options.capacity
          : Math.min(options.capacity, bucket.tokens + elapsed * tokensPerMs);
      const allowed = tokens >= 1;
      if (allowed) tokens -= 1;
      buckets.set(client, { tokens, updatedAt: time });
      return allowed ? { allowed: true } : { allowed: false, retryAfterMs: (1 - tokens) / tokensPerMs };
    },
    get size() {
      return buckets.size;
    },
  };
}

/** Options of `rateLimit`. */
export interface RateLimitOptions extends TokenBucketsOptions {
  /** Who a request counts against; see `clientAddressFrom`. */
  readonly clientAddress: ClientAddress;
}

/**
 * Per-client token bucket: over the limit, 429 with `Retry-After` in whole seconds (at least 1).
 * IPv6 clients are counted per /64, the block one subscriber usually holds.
 *
 * @example app.use(rateLimit({ capacity: 60, windowMs: 10_000, clientAddress: clientAddressFrom({ trustProxy: false }) }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const buckets = createTokenBuckets(options);
  return async function rateLimit(context, next) {
    const taken = buckets.take(rateLimitKey(options.clientAddress(context)));
    if (taken.allowed) return next();
    const retryAfterSeconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    return context.json(
      {
        error: 'rate_limited',
        message: `too many requests from this address: retry in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      },
      429,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  };
}

/** The bucket a client address counts against: the address itself, or its /64 for IPv6. */
export function rateLimitKey(address: string): string {
  const withoutZone = address.split('%', 1)[0] ?? address;
  if (isIP(withoutZone) !== 6) return address;
  const [head = '', tail] = withoutZone.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) holds two groups.
  const tailSize = tailGroups.length + (tailGroups.at(-1)?.includes('.') ? 1 : 0);
  const zeros: string[] = Array.from({ length: 8 - headGroups.length - tailSize }, () => '0');
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, 4);
  return `${groups.map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`;
}
