/**
 * Scheduling over the timer port (core's `Timers`): the engine schedules every sample, timeout and
 * retry through it, so tests can drive whole canaries with fake time.
 */

import { sleep, systemTimers, type TimerHandle, type Timers } from '@lukhas/core';
import { createScheduler } from './scheduler.ts';

// The port, the platform's timers and `sleep` are core's; the engine's callers still import them from here.
export { sleep, systemTimers, type TimerHandle, type Timers };

/**
 * Calls `callback` when `clock` reaches `at` (epoch ms), however far away; returns a cancel function.
 * Delays beyond the 32-bit limit are slept in steps. One call on its own timer: an engine
 * schedules its many calls on one shared {@link createScheduler} instead.
 */
export function scheduleAt(
  timers: Timers,
  clock: { now(): number },
  at: number,
  callback: () => void,
): () => void {
  return createScheduler(timers, clock).at(at, callback);
}
