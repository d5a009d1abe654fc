import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from './scheduler.ts';
import { systemTimers, type Timers } from './timers.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

// The platform's timers, counting how many are armed at once.
function countingTimers(): Timers & { armed(): number; mostArmed(): number } {
  const live = new Set<unknown>();
  let most = 0;
  return {
    setTimeout(callback, delayMs) {
      const handle = systemTimers.setTimeout(() => {
        live.delete(handle);
        callback();
      }, delayMs);
      live.add(handle);
      most = Math.max(most, live.size);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      systemTimers.clearTimeout(handle);
    },
    armed: () => live.size,
    mostArmed: () => most,
  };
}

describe('createScheduler', () => {
  it('runs many calls at their instants over one timer, in due order, ties in scheduling order', async () => {
    const timers = countingTimers();
    const scheduler = createScheduler(timers, Date);
    const fired: string[] = [];
    for (let index = 0; index < 1000; index += 1) {
      const at = 1000 + ((index * 7919) % 1000);
      scheduler.at(at, () => fired.push(`${Date.now()}:${at}:${index}`));
    }
    scheduler.at(1500, () => fired.push('tie-a'));
    scheduler.at(1500, () => fired.push('tie-b'));
    expect(timers.mostArmed()).toBe(1);

    await vi.advanceTimersByTimeAsync(2000);
    expect(fired).toHaveLength(1002);
    const instants = fired.filter((entry) => entry.includes(':')).map((entry) => Number(entry.split(':')[0]));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    // Each ran at its own instant, not before.
    for (const entry of fired.filter((text) => text.includes(':'))) {
      const [ranAt, dueAt] = entry.split(':').map(Number);
      expect(ranAt).toBe(dueAt);
    }
    expect(fired.indexOf('tie-b')).toBe(fired.indexOf('tie-a') + 1);
    expect(timers.mostArmed()).toBe(1);
    expect(timers.armed()).toBe(0);
    expect(scheduler.size()).toBe(0);
  });

  it('runs a crowd due at one instant a turn at a time, letting the work of each turn run first', async () => {
    const scheduler = createScheduler(systemTimers, Date);
    const fired: number[] = [];
    const finished: number[] = [];
    for (let index = 0; index < 200; index += 1) {
      scheduler.at(100, () => {
        fired.push(index);
        // The work a call starts (a sample) goes on in promise continuations.
        void Promise.resolve()
          .then(() => undefined)
          .then(() => finished.push(index));
      });
    }
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toHaveLength(64);
    expect(finished).toHaveLength(64); // a turn's work ran before the next turn started
    await vi.advanceTimersByTimeAsync(10);
    expect(fired).toEqual(Array.from({ length: 200 }, (_unused, index) => index));
    expect(finished).toHaveLength(200);
    expect(scheduler.size()).toBe(0);
  });

  it('does not run a cancelled call, and disarms once nothing waits', async () => {
    const timers = countingTimers();
    const scheduler = createScheduler(timers, Date);
    const fired: number[] = [];
    const cancelFirst = scheduler.at(100, () => fired.push(100));
    const cancelMiddle = scheduler.at(200, () => fired.push(200));
    scheduler.at(300, () => fired.push(300));
    cancelMiddle();
    cancelFirst();
    cancelFirst(); // twice is harmless
    expect(scheduler.size()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fired).toEqual([300]);

    const cancel = scheduler.at(5000, () => fired.push(5000));
    expect(timers.armed()).toBe(1);
    cancel();
    expect(timers.armed()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fired).toEqual([300]);
  });

  it('moves its timer earlier for an earlier call, and runs a call for a past instant at once', async () => {
    const scheduler = createScheduler(systemTimers, Date);
    const fired: number[] = [];
    scheduler.at(10_000, () => fired.push(Date.now()));
    scheduler.at(50, () => fired.push(Date.now()));
    await vi.advanceTimersByTimeAsync(50);
    expect(fired).toEqual([50]);
    scheduler.at(10, () => fired.push(Date.now()));
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toEqual([50, 50]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fired).toEqual([50, 50, 10_000]);
  });

  it('leaves a call scheduled by a running callback for the next turn, even when already due', async () => {
    const scheduler = createScheduler(systemTimers, Date);
    const fired: string[] = [];
    scheduler.at(100, () => {
      fired.push('first');
      scheduler.at(0, () => fired.push('rescheduled'));
      fired.push('first done');
    });
    scheduler.at(100, () => fired.push('second'));
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toEqual(['first', 'first done', 'second']);
    await vi.advanceTimersByTimeAsync(1); // the next turn of the platform's timers
    expect(fired).toEqual(['first', 'first done', 'second', 'rescheduled']);
  });

  it('runs the other calls due with one that throws, and lets its error surface', async () => {
    const scheduler = createScheduler(systemTimers, Date);
    const fired: number[] = [];
    const surfaced: unknown[] = [];
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (task) =>
      original(() => {
        try {
          task();
        } catch (error) {
          surfaced.push(error);
        }
      });
    try {
      scheduler.at(100, () => {
        throw new Error('boom');
      });
      scheduler.at(100, () => fired.push(100));
      await vi.advanceTimersByTimeAsync(100);
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(fired).toEqual([100]);
    expect(surfaced).toEqual([new Error('boom')]);
  });

  it('runs everything the clock says is due when the timer fires late (a stalled process)', async () => {
    let skew = 0;
    const scheduler = createScheduler(systemTimers, { now: () => Date.now() + skew });
    const fired: string[] = [];
    scheduler.at(1000, () => fired.push('a'));
    scheduler.at(3000, () => fired.push('b'));
    scheduler.at(9000, () => fired.push('c'));
    skew = 5000; // the event loop was blocked for 5 s: the clock is past b when a's timer fires
    await vi.advanceTimersByTimeAsync(1000);
    expect(fired).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(fired).toEqual(['a', 'b', 'c']);
  });
});
