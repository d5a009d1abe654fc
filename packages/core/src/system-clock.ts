/**
 * The real clock; engines take a `Clock` so tests can inject a fake one.
 */
import type { Clock } from './ports.ts';

/** Wall-clock time from `Date.now()`, epoch milliseconds. */
export const systemClock: Clock = { now: () => Date.now() };
