import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './serial-queue.ts';

describe('createSerialQueue', () => {
  it('runs tasks one at a time in order; a failure reaches only its caller', async () => {
    const queue = createSerialQueue();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run(task('a')),
      queue.run(task('b', true)),
      queue.run(task('c')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
