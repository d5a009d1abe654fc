/**
 * An answer within a deadline: some callers (an operator's abort) must hear back at once even when
 * the work behind the answer waits on a hanging or refusing store.
 */
import type { Timers } from './timers.ts';

/** What {@link answerWithin} needs. */
export interface AnswerWithinOptions {
  readonly timers: Timers;
  readonly ms: number;
  /** The error to answer with when `ms` pass first; the work goes on, its late outcome is dropped. */
  readonly late: () => Error;
}

/**
 * `work`'s outcome if it settles within `options.ms`, else a rejection with `options.late()`.
 *
 * @example await answerWithin(runner.abort(reason, by), { timers, ms: 800, late: () => pendingError() });
 */
export function answerWithin<T>(work: Promise<T>, options: AnswerWithinOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = options.timers.setTimeout(() => reject(options.late()), options.ms);
    work.then(
      (value) => {
        options.timers.clearTimeout(handle);
        resolve(value);
      },
      (error: unknown) => {
        options.timers.clearTimeout(handle);
        reject(error);
      },
    );
  });
}
