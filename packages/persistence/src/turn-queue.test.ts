import { describe, expect, it } from 'vitest';
import { TurnQueue } from './turn-queue.ts';

describe('TurnQueue', () => {
  it('gives the turn at once when free, then to waiters in the order they asked', async () => {
    const turns = new TurnQueue();
    const order: number[] = [];
    await turns.take();
    const waiters = [1, 2, 3].map((id) => turns.take().then(() => order.push(id)));
    expect(turns.waiting).toBe(3);
    for (let served = 0; served < 3; served += 1) {
      turns.release();
      await waiters[served];
    }
    expect(order).toEqual([1, 2, 3]);
    turns.release();
    expect(turns.waiting).toBe(0);
    await turns.take(); // free again: no waiting
  });

  it('hands the turn to one waiter per release', async () => {
    const turns = new TurnQueue();
    await turns.take();
    const woken: number[] = [];
    const waiters = Array.from({ length: 5 }, (_, id) => turns.take().then(() => woken.push(id)));
    turns.release();
    await waiters[0];
    // Let every other pending reaction run: nobody else may have the turn.
    for (let hop = 0; hop < 20; hop += 1) await Promise.resolve();
    expect(woken).toEqual([0]);
    expect(turns.waiting).toBe(4);
  });

  it('keeps the order across many waiters while it compacts its queue', async () => {
    const turns = new TurnQueue();
    await turns.take();
    const order: number[] = [];
    const waiters = Array.from({ length: 1000 }, (_, id) =>
      turns.take().then(() => {
        order.push(id);
        turns.release();
      }),
    );
    turns.release();
    await Promise.all(waiters);
    expect(order).toEqual(Array.from({ length: 1000 }, (_, id) => id));
    expect(turns.waiting).toBe(0);
  });
});
