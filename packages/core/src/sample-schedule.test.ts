import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxSampleCount, sampleSchedule, windowEndsAt } from './sample-schedule.ts';

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
