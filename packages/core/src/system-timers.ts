import type { Timers } from './ports.ts';

/**
 * The platform's timers, looked up at each call (so fake timers installed later apply).
 *
 * @example createCanaryEngine({ store, monitor, timers: systemTimers });
 */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
