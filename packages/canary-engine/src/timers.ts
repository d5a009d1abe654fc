/**
 * Scheduling over the timer port (core's `Timers`): the engine schedules every sample, timeout and
 * retry through it, so tests can drive whole canaries with fake time.
 */

import { sleep, systemTimers, type TimerHandle, type Timers } from '@lukhas/core';

// The port, the platform's timers and `sleep` are core's; the engine's callers still import them from here.
export { sleep, systemTimers, type TimerHandle, type Timers };

// Larger delays overflow the platform's 32-bit timer and would fire at once.
const MAX_DELAY_MS = 2_147_483_647;

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
