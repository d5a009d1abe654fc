import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scheduleAt, systemTimers } from './timers.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('scheduleAt', () => {
  it('fires at the time given, and not when cancelled', async () => {
    const fired: number[] = [];
    scheduleAt(systemTimers, Date, 1500, () => fired.push(Date.now()));
    const cancel = scheduleAt(systemTimers, Date, 1000, () => fired.push(-1));
    cancel();
    await vi.advanceTimersByTimeAsync(2000);
    expect(fired).toEqual([1500]);
  });

  it('sleeps beyond the 32-bit timer limit in steps instead of firing at once', async () => {
    const fired: number[] = [];
    const thirtyDays = 30 * 86_400_000;
    scheduleAt(systemTimers, Date, thirtyDays, () => fired.push(Date.now()));
    await vi.advanceTimersByTimeAsync(thirtyDays - 1);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([thirtyDays]);
  });

  it('fires at once for a time already past', async () => {
    const fired: number[] = [];
    vi.setSystemTime(5000);
    scheduleAt(systemTimers, Date, 1000, () => fired.push(Date.now()));
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toEqual([5000]);
  });
});
