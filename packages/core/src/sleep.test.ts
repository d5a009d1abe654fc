import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep } from './sleep.ts';
import { systemTimers } from './system-timers.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sleep', () => {
  it('resolves true after the delay, false at once when aborted', async () => {
    const slept = sleep(systemTimers, 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(await slept).toBe(true);
    const controller = new AbortController();
    const cut = sleep(systemTimers, 100, controller.signal);
    controller.abort();
    expect(await cut).toBe(false);
  });
});
