/**
 * Waiting for a job to end while its events arrive: what `run_eval {wait: true}` blocks on and
 * turns into `notifications/progress`.
 */
import { type CockpitEvent, TERMINAL_JOB_STATUSES } from '@lukhas/core';
import type { McpCockpit } from './tool-context.ts';

/** How a wait ended: the job reached a terminal state, the wait hit its bound, or the caller went away. */
export type WaitOutcome = 'ended' | 'timed_out' | 'aborted';

/** Options of {@link JobWatch.waitForEnd}. */
export interface WaitForEndOptions {
  readonly maxWaitMs: number;
  /** The request's signal: a cancelled or disconnected call stops waiting (the job goes on). */
  readonly signal: AbortSignal;
  /** Each non-terminal event of the job (running, progress), in order. */
  readonly onEvent: (event: CockpitEvent) => void;
}

/** Job events seen since the watch began, for the job it is then asked about. */
export interface JobWatch {
  waitForEnd(jobId: string, options: WaitForEndOptions): Promise<WaitOutcome>;
  stop(): void;
}

// A job's terminal statuses are also the names of the events that end it.
const TERMINAL_TYPES = new Set<string>(TERMINAL_JOB_STATUSES);

/**
 * Starts listening to job events BEFORE the job is submitted, so not even a job that ends at once
 * can slip past: events are kept until `waitForEnd` names the job, then delivered live.
 *
 * @example
 * const watch = watchJobEvents(cockpit.onEvent);
 * try {
 *   const job = await cockpit.jobs.submit({ taskId }, operator);
 *   const outcome = await watch.waitForEnd(job.jobId, { maxWaitMs, signal, onEvent: report });
 * } finally { watch.stop(); }
 */
export function watchJobEvents(onEvent: McpCockpit['onEvent']): JobWatch {
  const early: CockpitEvent[] = [];
  let deliver: ((event: CockpitEvent) => void) | null = null;
  const unsubscribe = onEvent((event) => {
    if (event.kind !== 'job') return;
    if (deliver === null) early.push(event);
    else deliver(event);
  });

  return {
    waitForEnd(jobId, options) {
      return new Promise<WaitOutcome>((resolve) => {
        let settled = false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const finish = (outcome: WaitOutcome) => {
          if (settled) return;
          settled = true;
          if (timer !== undefined) clearTimeout(timer);
          options.signal.removeEventListener('abort', onAbort);
          deliver = () => {};
          resolve(outcome);
        };
        const onAbort = () => finish('aborted');
        deliver = (event) => {
          if (settled || event.entityId !== jobId) return;
          if (TERMINAL_TYPES.has(event.type)) finish('ended');
          else options.onEvent(event);
        };
        for (const event of early.splice(0)) deliver(event);
        if (settled) return;
        if (options.signal.aborted) return finish('aborted');
        options.signal.addEventListener('abort', onAbort, { once: true });
        timer = setTimeout(() => finish('timed_out'), options.maxWaitMs);
      });
    },
    stop() {
      unsubscribe();
      early.length = 0;
    },
  };
}
