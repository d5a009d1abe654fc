import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstSlotDueFrom,
  lastSlotDueBy,
  maxSampleCount,
  sampleDueAt,
  sampleSchedule,
  windowEndsAt,
} from './sample-schedule.ts';

describe('sampleSchedule', () => {
  it('puts sample k at startedAt + k intervals, the last one on the window end', () => {
    expect(sampleSchedule({ windowSeconds: 120, intervalSeconds: 30 }, 1_000)).toEqual({
      dueAt: [31_000, 61_000, 91_000, 121_000],
      windowEndsAt: 121_000,
    });
  });

  it('drops the partial interval at the end of the window', () => {
    expect(sampleSchedule({ windowSeconds: 100, intervalSeconds: 30 }, 0).dueAt).toEqual([
      30_000, 60_000, 90_000,
    ]);
    expect(maxSampleCount({ windowSeconds: 300, intervalSeconds: 30 })).toBe(10);
  });

  it('counts fractional seconds as a person would', () => {
    expect(maxSampleCount({ windowSeconds: 0.3, intervalSeconds: 0.1 })).toBe(3);
    expect(sampleSchedule({ windowSeconds: 0.3, intervalSeconds: 0.1 }, 0)).toEqual({
      dueAt: [100, 200, 300],
      windowEndsAt: 300,
    });
  });

  it('holds no sample when the interval is longer than the window or not positive', () => {
    expect(maxSampleCount({ windowSeconds: 10, intervalSeconds: 30 })).toBe(0);
    expect(maxSampleCount({ windowSeconds: 10, intervalSeconds: 0 })).toBe(0);
    expect(maxSampleCount({ windowSeconds: 10, intervalSeconds: Number.NaN })).toBe(0);
  });

  it('never schedules a sample after the window end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        (windowMs, intervalMs, startedAt) => {
          const policy = { windowSeconds: windowMs / 1000, intervalSeconds: intervalMs / 1000 };
          const schedule = sampleSchedule(policy, startedAt);
          expect(schedule.windowEndsAt).toBe(windowEndsAt(policy, startedAt));
          expect(schedule.dueAt.every((due) => due > startedAt && due <= schedule.windowEndsAt)).toBe(true);
          expect(schedule.dueAt.length).toBe(Math.floor(windowMs / intervalMs));
        },
      ),
    );
  });
});

describe('the schedule as arithmetic (issue 10: never one entry per sample)', () => {
  const policy = { windowSeconds: 120, intervalSeconds: 30 };

  it('finds the last slot due and the next one without listing them', () => {
    expect(sampleDueAt(policy, 1_000, 2)).toBe(61_000);
    expect(
      [0, 30_999, 31_000, 95_000, 121_000, 500_000].map((at) => lastSlotDueBy(policy, 1_000, at)),
    ).toEqual([0, 0, 1, 3, 4, 4]);
    expect(
      [0, 31_000, 31_001, 95_000, 121_000, 121_001].map((at) => firstSlotDueFrom(policy, 1_000, at)),
    ).toEqual([1, 1, 2, 4, 4, 5]);
  });

  it('answers at once for a window of a billion seconds sampled every nanosecond', () => {
    const huge = { windowSeconds: 1e9, intervalSeconds: 1e-9 };
    // 5 s of nanoseconds: 5e9 slots, give or take the rounding of due times to whole ms.
    expect(Math.abs(lastSlotDueBy(huge, 0, 5_000) - 5e9)).toBeLessThan(1e6);
    expect(Math.abs(firstSlotDueFrom(huge, 0, 5_000) - 5e9)).toBeLessThan(1e6);
  });

  it('agrees with the listed schedule for any window and interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        fc.integer({ min: -1_000, max: 200_000 }),
        (windowMs, intervalMs, startedAt, offset) => {
          const each = { windowSeconds: windowMs / 1000, intervalSeconds: intervalMs / 1000 };
          const { dueAt } = sampleSchedule(each, startedAt);
          const at = startedAt + offset;
          expect(lastSlotDueBy(each, startedAt, at)).toBe(dueAt.filter((due) => due <= at).length);
          const next = dueAt.findIndex((due) => due >= at);
          expect(firstSlotDueFrom(each, startedAt, at)).toBe(next === -1 ? dueAt.length + 1 : next + 1);
        },
      ),
    );
  });
});
