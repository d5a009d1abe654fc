import { describe, expect, it } from 'vitest';
import { createSloReadLimiter } from './slo-read-limiter.ts';

describe('createSloReadLimiter', () => {
  it('holds at most max readings in flight and hands slots on first come, first served', async () => {
    const limiter = createSloReadLimiter(2);
    const order: number[] = [];
    const releases = await Promise.all([0, 1].map(() => limiter.acquire(new AbortController().signal)));
    const waiting = [2, 3, 4].map((reading) =>
      limiter.acquire(new AbortController().signal).then((release) => {
        order.push(reading);
        return release;
      }),
    );
    await Promise.resolve();
    expect(limiter.inFlight()).toBe(2);
    expect(limiter.waiting()).toBe(3);
    expect(order).toEqual([]);

    releases[0]?.();
    releases[0]?.(); // twice gives back one slot only
    const third = await waiting[0];
    expect(order).toEqual([2]);
    expect(limiter.inFlight()).toBe(2);
    releases[1]?.();
    third?.();
    await Promise.all(waiting);
    expect(order).toEqual([2, 3, 4]);
  });

  it('drops a reading abandoned while it waits, and gives back the slot of one abandoned while held', async () => {
    const limiter = createSloReadLimiter(1);
    const holder = new AbortController();
    await limiter.acquire(holder.signal);
    const gaveUp = new AbortController();
    const abandoned = limiter.acquire(gaveUp.signal);
    const next = limiter.acquire(new AbortController().signal);
    gaveUp.abort();
    expect(await abandoned).toBeUndefined();
    expect(limiter.waiting()).toBe(1);

    // The holder's monitor never answers; its deadline aborts the signal, which frees the slot.
    holder.abort();
    expect(await next).toBeTypeOf('function');
    expect(limiter.inFlight()).toBe(1);
    expect(limiter.waiting()).toBe(0);
  });

  it('answers undefined at once for a reading already abandoned, and refuses a limit below one', async () => {
    const limiter = createSloReadLimiter(1);
    expect(await limiter.acquire(AbortSignal.abort())).toBeUndefined();
    expect(limiter.inFlight()).toBe(0);
    expect(() => createSloReadLimiter(0)).toThrow(/positive integer/);
  });
});
