/**
 * When a canary's samples are due and when its window ends: the one clock arithmetic the engine,
 * the replayer and the policy checks must agree on.
 */

/**
 * The two knobs of a policy the schedule depends on (an `SloPolicy` is one). Declared here, not
 * picked from `SloPolicy`, so that the schedule depends on nothing and the policy checks can use it.
 */
export interface SchedulePolicy {
  /** Length of the window, seconds. */
  readonly windowSeconds: number;
  /** Seconds between two samples. */
  readonly intervalSeconds: number;
}

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

/** Due time of sample `slot` (1-based), epoch ms: `startedAt + slot * intervalSeconds * 1000`, rounded. */
export function sampleDueAt(policy: SchedulePolicy, startedAt: number, slot: number): number {
  return startedAt + Math.round(slot * policy.intervalSeconds * 1000);
}

/**
 * The last slot due at or before `at` (0 when none is due yet), at most `maxSampleCount`. Pure
 * arithmetic: the engine never holds one entry per sample, however long the window.
 *
 * @example lastSlotDueBy({ windowSeconds: 120, intervalSeconds: 30 }, 0, 95_000); // 3
 */
export function lastSlotDueBy(policy: SchedulePolicy, startedAt: number, at: number): number {
  const count = maxSampleCount(policy);
  if (count === 0 || !(at >= startedAt)) return 0;
  const intervalMs = policy.intervalSeconds * 1000;
  // Math.round(x) <= n exactly when x < n + 0.5; floating point may still be one slot off either way.
  let slot = Math.min(count, Math.max(0, Math.ceil((at - startedAt + 0.5) / intervalMs) - 1));
  while (slot < count && sampleDueAt(policy, startedAt, slot + 1) <= at) slot += 1;
  while (slot > 0 && sampleDueAt(policy, startedAt, slot) > at) slot -= 1;
  return slot;
}

/**
 * The first slot due at or after `at`; `maxSampleCount + 1` when none is left before the window end.
 *
 * @example firstSlotDueFrom({ windowSeconds: 120, intervalSeconds: 30 }, 0, 65_000); // 3 (due at 90 s)
 */
export function firstSlotDueFrom(policy: SchedulePolicy, startedAt: number, at: number): number {
  const slot = lastSlotDueBy(policy, startedAt, at);
  return slot > 0 && sampleDueAt(policy, startedAt, slot) === at ? slot : slot + 1;
}

/**
 * Every sample due time of a canary started at `startedAt`, as a list: for tests, replays and
 * small bounded policies. A running canary asks {@link lastSlotDueBy} / {@link firstSlotDueFrom}
 * instead, which hold nothing per sample. The last one may fall exactly on the window end; take it
 * before deciding, since a sample wins a tie with the window end.
 *
 * @example
 * sampleSchedule({ windowSeconds: 120, intervalSeconds: 30 }, 0);
 * // { dueAt: [30000, 60000, 90000, 120000], windowEndsAt: 120000 }
 */
export function sampleSchedule(policy: SchedulePolicy, startedAt: number): SampleSchedule {
  const dueAt = Array.from({ length: maxSampleCount(policy) }, (_, index) =>
    sampleDueAt(policy, startedAt, index + 1),
  );
  return { dueAt, windowEndsAt: windowEndsAt(policy, startedAt) };
}
