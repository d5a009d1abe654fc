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

/**
 * Asks the monitor, waiting at most `timeoutMs`. Returns the reading, a reading of nulls with the
 * reason when the monitor threw or timed out, or `undefined` when `signal` aborted first.
 *
 * @example
 * const reading = await readSlo({ monitor, query, timeoutMs: 8000, timers: systemTimers, signal });
 * if (reading !== undefined) judgeSample({ seq, at, reading }, policy.targets);
 */
export function readSlo(options: ReadSloOptions): Promise<SloReading | undefined> {
  const { monitor, query, timeoutMs, timers, signal, limiter } = options;
  if (signal.aborted) return Promise.resolve(undefined);
  // One promise settled by whichever comes first (the answer, the deadline, the cancel): an
  // engine takes thousands of readings a second, and a race of three promises per reading shows.
  return new Promise((resolve) => {
    const controller = new AbortController();
    let settled = false;
    const settle = (reading: SloReading | undefined) => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(handle);
      signal.removeEventListener('abort', onAbort);
      resolve(reading);
    };
    const onAbort = () => {
      settle(undefined);
      controller.abort(signal.reason);
    };
    // Settle first, so the reading is the timeout rather than the monitor's reaction to the abort.
    const handle = timers.setTimeout(() => {
      settle(missingReading(query.metrics, `SLO monitor timed out after ${timeoutMs}ms`));
      controller.abort(new Error(`timed out after ${timeoutMs}ms`));
    }, timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    ask(monitor, { ...query, signal: controller.signal }, controller.signal, limiter).then(
      (reading) => settle(signal.aborted ? undefined : reading),
      (error: unknown) =>
        settle(
          signal.aborted
            ? undefined
            : missingReading(query.metrics, `SLO monitor failed: ${messageOf(error)}`),
        ),
    );
  });
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
