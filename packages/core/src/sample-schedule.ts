/**
 * When a canary's samples are due and when its window ends: the one clock arithmetic the engine,
 * the replayer and the policy checks must agree on.
 */
import type { SloPolicy } from './slo-policy.ts';

/** The two knobs the schedule depends on. */
export type SchedulePolicy = Pick<SloPolicy, 'windowSeconds' | 'intervalSeconds'>;

/** When each sample of a canary is due and when its window ends, epoch ms. */
export interface SampleSchedule {
  /** Due time of sample k at index k-1: `startedAt + k * intervalSeconds * 1000`. */
  readonly dueAt: readonly number[];
  readonly windowEndsAt: number;
}

// Seconds may be fractional (0.3 / 0.1 is 2.9999999999999996 in floating point).
const EPSILON = 1e-9;

/** How many samples fit in the window: `floor(windowSeconds / intervalSeconds)`. */
export function maxSampleCount(policy: SchedulePolicy): number {
  if (!(policy.intervalSeconds > 0) || !(policy.windowSeconds > 0)) return 0;
  return Math.floor(policy.windowSeconds / policy.intervalSeconds + EPSILON);
}

/** The end of the window, epoch ms: the canary is decided at this instant at the latest. */
export function windowEndsAt(policy: SchedulePolicy, startedAt: number): number {
  return startedAt + Math.round(policy.windowSeconds * 1000);
}

/**
 * The sample due times of a canary started at `startedAt`. The last one may fall exactly on the
 * window end; take it before deciding, since a sample wins a tie with the window end.
 *
 * @example
 * sampleSchedule({ windowSeconds: 120, intervalSeconds: 30 }, 0);
 * // { dueAt: [30000, 60000, 90000, 120000], windowEndsAt: 120000 }
 */
export function sampleSchedule(policy: SchedulePolicy, startedAt: number): SampleSchedule {
  const dueAt = Array.from(
    { length: maxSampleCount(policy) },
    (_, index) => startedAt + Math.round((index + 1) * policy.intervalSeconds * 1000),
  );
  return { dueAt, windowEndsAt: windowEndsAt(policy, startedAt) };
}
