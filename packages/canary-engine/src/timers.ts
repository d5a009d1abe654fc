/**
 * The timer port: the engine schedules every sample, timeout and retry through it, so tests can
 * drive whole canaries with fake time.
 */

/** An opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/** `setTimeout`/`clearTimeout`, as the engine needs them. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

// Larger delays overflow the platform's 32-bit timer and would fire at once.
const MAX_DELAY_MS = 2_147_483_647;

/**
 * The platform's timers, looked up at each call (so fake timers installed later apply).
 *
 * @example createCanaryEngine({ store, monitor, timers: systemTimers });
 */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * Calls `callback` when `clock` reaches `at` (epoch ms), however far away; returns a cancel function.
 * Delays beyond the 32-bit limit are slept in steps.
 */
export function scheduleAt(
  timers: Timers,
  clock: { now(): number },
  at: number,
  callback: () => void,
): () => void {
  let handle: TimerHandle;
  const arm = () => {
    const remaining = Math.max(0, at - clock.now());
    if (remaining > MAX_DELAY_MS) {
      handle = timers.setTimeout(arm, MAX_DELAY_MS);
    } else {
      handle = timers.setTimeout(callback, remaining);
    }
  };
  arm();
  return () => timers.clearTimeout(handle);
}

/** Resolves after `delayMs`; resolves early (with false) when `signal` aborts. */
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
