/**
 * Event loop lag for `/health`: the p99 of how late the loop ran a timer, over the last complete
 * interval, so one slow tick does not flip the verdict but a loop that stays busy does.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** A running measurement; `close()` stops it. */
export interface EventLoopLag {
  /**
   * p99 lag in ms over the last complete interval; 0 until the first completes (a few probes at
   * start-up, while modules still load, would make a verdict out of noise).
   */
  p99Ms(): number;
  close(): void;
}

/** Options of {@link monitorEventLoopLag}. */
export interface EventLoopLagOptions {
  /** Length of one interval; default 5 s. */
  readonly intervalMs?: number;
  /** How often the loop is probed; default 10 ms (also subtracted: an idle loop reads about 0). */
  readonly resolutionMs?: number;
}

/**
 * Starts measuring (perf_hooks `monitorEventLoopDelay`); its timers never keep the process alive.
 *
 * @example
 * const lag = monitorEventLoopLag();
 * lag.p99Ms(); // 1.3
 */
export function monitorEventLoopLag(options: EventLoopLagOptions = {}): EventLoopLag {
  const resolutionMs = options.resolutionMs ?? 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let lastInterval = 0;
  const timer = setInterval(() => {
    lastInterval = p99Of(histogram, resolutionMs);
    histogram.reset();
  }, options.intervalMs ?? 5000);
  timer.unref();
  return {
    p99Ms: () => lastInterval,
    close() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

// The histogram holds the time between probes (ns); the lag is what exceeds the probe period.
function p99Of(histogram: IntervalHistogram, resolutionMs: number): number {
  if (histogram.count === 0) return 0;
  const lagMs = histogram.percentile(99) / 1e6 - resolutionMs;
  return Math.max(0, Math.round(lagMs * 10) / 10);
}
