/**
 * How long the event stream waits before reconnecting: jittered so that many clients dropped at
 * once do not come back at once, growing on repeated failures so a broken server is not hammered,
 * and never sooner than the server's `retry:` asks.
 */

/** The reconnect policy. All times in milliseconds. */
export interface ReconnectOptions {
  /** Lower bound of the first delay (default 250). */
  readonly minDelayMs: number;
  /** Upper bound of the first delay (default 1000). */
  readonly maxDelayMs: number;
  /** Growth of the window per consecutive failure (default 2). */
  readonly factor: number;
  /** No delay is ever longer than this (default 30 000). */
  readonly capMs: number;
}

/** 250–1000 ms, doubling per consecutive failure, at most 30 s. */
export const DEFAULT_RECONNECT_OPTIONS: ReconnectOptions = Object.freeze({
  minDelayMs: 250,
  maxDelayMs: 1000,
  factor: 2,
  capMs: 30_000,
});

/** What one delay is computed from. */
export interface ReconnectDelayInput {
  /** 1 for the first failure in a row, 2 for the second, … */
  readonly attempt: number;
  /** The last `retry:` the server sent, if any. */
  readonly serverRetryMs?: number | undefined;
  /** A number in [0, 1), `Math.random` by default. */
  readonly random: () => number;
  readonly options?: ReconnectOptions;
}

/**
 * The delay before reconnect `attempt`. The first window is `[minDelayMs, maxDelayMs]`; when the
 * server sent `retry: R`, it is `[R, R + (maxDelayMs - minDelayMs)]` instead, so the server's
 * wish is a floor and the jitter comes on top. Each further failure in a row multiplies the
 * window by `factor`. A delay past `capMs` is drawn from `[0.75 × capMs, capMs]`, so clients stay
 * spread out even at the cap.
 *
 * @example
 * reconnectDelay({ attempt: 1, random: () => 0.5 }); // 625
 * reconnectDelay({ attempt: 1, serverRetryMs: 2000, random: () => 0 }); // 2000
 */
export function reconnectDelay(input: ReconnectDelayInput): number {
  const options = input.options ?? DEFAULT_RECONNECT_OPTIONS;
  const span = Math.max(0, options.maxDelayMs - options.minDelayMs);
  const lower = Math.max(0, input.serverRetryMs ?? options.minDelayMs);
  const jitter = clampUnit(input.random());
  const growth = options.factor ** Math.max(0, input.attempt - 1);
  const delay = (lower + span * jitter) * growth;
  if (delay <= options.capMs) return Math.round(delay);
  return Math.round(options.capMs * (0.75 + 0.25 * jitter));
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(value, 1);
}
