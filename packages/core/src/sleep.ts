import type { Timers } from './ports.ts';

/**
 * Resolves after `delayMs` on the timer port; resolves early (with false) when `signal` aborts.
 * Retries wait with it, so tests drive them with fake time.
 *
 * @example if (!(await sleep(systemTimers, 500, signal))) return; // aborted
 */
export function sleep(timers: Timers, delayMs: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const handle = timers.setTimeout(() => finish(true), Math.max(0, delayMs));
    const onAbort = () => {
      timers.clearTimeout(handle);
      finish(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    function finish(elapsed: boolean) {
      signal?.removeEventListener('abort', onAbort);
      resolve(elapsed);
    }
  });
}
