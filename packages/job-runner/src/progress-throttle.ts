/**
 * Keeps a chatty task from flooding the database: at most one progress write per interval per
 * job, the newest report winning, and the last report before the job ends never lost.
 */
import type { TaskProgress } from './task-launcher.ts';

/** What the throttle needs. */
export interface ProgressThrottleOptions {
  /** Minimum time between two writes, in ms; 0 writes every report. */
  readonly intervalMs: number;
  readonly now: () => number;
  /** Writes one (merged) report. */
  readonly write: (progress: TaskProgress) => void;
}

/** One job's throttle. */
export interface ProgressThrottle {
  /** Accepts a report: writes it now, or keeps it for the next free slot. */
  report(progress: TaskProgress): void;
  /** Takes the report still waiting (the job is ending) and stops the timer. */
  takePending(): TaskProgress | undefined;
}

/**
 * A leading-and-trailing throttle: the first report is written at once, later ones within the
 * interval are merged (newest progress, newest message) and written when the interval ends.
 *
 * @example
 * const throttle = createProgressThrottle({ intervalMs: 250, now: clock.now, write: record });
 * throttle.report({ progress: 0.4, message: 'batch 2/5' });
 */
export function createProgressThrottle(options: ProgressThrottleOptions): ProgressThrottle {
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let pending: TaskProgress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    timer = undefined;
    const progress = pending;
    pending = undefined;
    if (progress === undefined) return;
    lastWriteAt = options.now();
    options.write(progress);
  }

  return {
    report(progress) {
      pending = mergeProgress(pending, progress);
      if (timer !== undefined) return;
      const wait = lastWriteAt + options.intervalMs - options.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    takePending() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const progress = pending;
      pending = undefined;
      return progress;
    },
  };
}

function mergeProgress(earlier: TaskProgress | undefined, later: TaskProgress): TaskProgress {
  const progress = later.progress ?? earlier?.progress;
  const message = later.message ?? earlier?.message;
  return {
    ...(progress === undefined ? {} : { progress }),
    ...(message === undefined ? {} : { message }),
  };
}
