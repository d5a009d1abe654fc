/**
 * `notifications/progress` for a request that asked for them (`_meta.progressToken`), kept within
 * the protocol's rule that progress only ever increases.
 */
import type { ServerContext } from '@modelcontextprotocol/server';

/** Sends progress for one request; a no-op when the caller sent no progress token. */
export interface ProgressReporter {
  /** `progress` is a fraction 0..1 (sent with `total: 1`); values not above the last one sent are skipped. */
  report(progress: number, message: string): Promise<void>;
  /** True when the caller asked for progress. */
  readonly enabled: boolean;
}

/**
 * The reporter for the request behind `context`. A notification that cannot be delivered (the
 * client went away) is dropped: progress is advisory, the result is what counts.
 *
 * @example
 * const progress = progressReporter(context);
 * await progress.report(0.4, 'batch 2/5');
 */
export function progressReporter(context: ServerContext): ProgressReporter {
  const progressToken = context.mcpReq._meta?.progressToken;
  let last = Number.NEGATIVE_INFINITY;
  return {
    enabled: progressToken !== undefined,
    async report(progress, message) {
      if (progressToken === undefined) return;
      const clamped = Math.min(1, Math.max(0, progress));
      if (!(clamped > last)) return;
      last = clamped;
      try {
        await context.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken, progress: clamped, total: 1, message },
        });
      } catch {
        // The stream is gone; the tool still answers (or the transport drops the answer too).
      }
    },
  };
}
