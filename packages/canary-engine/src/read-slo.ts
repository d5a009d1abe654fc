/**
 * One SLO reading with a deadline: a monitor that throws or does not answer in time yields a
 * reading of missing values with the reason (judged conservatively, never a crash), and a
 * reading cancelled by an abort is discarded.
 */
import type { SloMetric, SloMonitor, SloQuery, SloReading } from '@lukhas/core';
import { messageOf } from './canary-engine-error.ts';
import type { SloReadLimiter } from './slo-read-limiter.ts';
import type { Timers } from './timers.ts';

/** What {@link readSlo} needs. */
export interface ReadSloOptions {
  readonly monitor: SloMonitor;
  readonly query: Omit<SloQuery, 'signal'>;
  readonly timeoutMs: number;
  readonly timers: Timers;
  /** Aborting it cancels the reading: the answer, whenever it comes, is discarded. */
  readonly signal: AbortSignal;
  /** Waits for a slot before asking the monitor; the wait counts against `timeoutMs`. */
  readonly limiter?: SloReadLimiter;
}

const TIMED_OUT = Symbol('timed out');
const CANCELLED = Symbol('cancelled');

/**
 * Asks the monitor, waiting at most `timeoutMs`. Returns the reading, a reading of nulls with the
 * reason when the monitor threw or timed out, or `undefined` when `signal` aborted first.
 *
 * @example
 * const reading = await readSlo({ monitor, query, timeoutMs: 8000, timers: systemTimers, signal });
 * if (reading !== undefined) judgeSample({ seq, at, reading }, policy.targets);
 */
export async function readSlo(options: ReadSloOptions): Promise<SloReading | undefined> {
  const { monitor, query, timeoutMs, timers, signal, limiter } = options;
  if (signal.aborted) return undefined;
  const controller = new AbortController();
  let handle: unknown;
  let onAbort = () => {};
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    handle = timers.setTimeout(() => {
      // Settle first, so the race sees the timeout rather than the monitor's reaction to the abort.
      resolve(TIMED_OUT);
      controller.abort(new Error(`timed out after ${timeoutMs}ms`));
    }, timeoutMs);
  });
  const cancelled = new Promise<typeof CANCELLED>((resolve) => {
    onAbort = () => {
      resolve(CANCELLED);
      controller.abort(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const answer = ask(monitor, { ...query, signal: controller.signal }, controller.signal, limiter).then(
    (reading) => ({ reading }),
    (error: unknown) => ({ error }),
  );
  try {
    const outcome = await Promise.race([answer, deadline, cancelled]);
    if (outcome === CANCELLED || signal.aborted) return undefined;
    if (outcome === TIMED_OUT) {
      return missingReading(query.metrics, `SLO monitor timed out after ${timeoutMs}ms`);
    }
    if ('error' in outcome) {
      return missingReading(query.metrics, `SLO monitor failed: ${messageOf(outcome.error)}`);
    }
    return outcome.reading;
  } finally {
    timers.clearTimeout(handle);
    signal.removeEventListener('abort', onAbort);
  }
}

// Asks the monitor once a slot is free. Without a slot the signal aborted (deadline or cancel),
// which the caller's race has already seen: what this answers then is never read.
async function ask(
  monitor: SloMonitor,
  query: SloQuery,
  signal: AbortSignal,
  limiter: SloReadLimiter | undefined,
): Promise<SloReading> {
  if (limiter === undefined) return monitor.sample(query);
  const release = await limiter.acquire(signal);
  if (release === undefined) throw new Error('SLO reading abandoned before it started');
  try {
    return await monitor.sample(query);
  } finally {
    release();
  }
}

/** A reading in which every asked metric is missing for `reason`. */
export function missingReading(metrics: readonly SloMetric[], reason: string): SloReading {
  const reasons: Partial<Record<SloMetric, string>> = {};
  for (const metric of metrics) reasons[metric] = reason;
  return { values: { latency_p95_ms: null, error_rate: null, drift: null }, reasons };
}
