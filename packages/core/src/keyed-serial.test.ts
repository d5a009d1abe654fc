import { describe, expect, it } from 'vitest';
import { createKeyedSerial } from './keyed-serial.ts';

describe('createKeyedSerial', () => {
  it('runs the steps of one key one at a time, in call order, even when one fails', async () => {
    const serial = createKeyedSerial();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      return name;
    };
    const results = [
      serial.run('job_a', step('a1', 20)),
      serial.run('job_a', () => Promise.reject(new Error('a2 failed'))),
      serial.run('job_a', step('a3', 1)),
      serial.run('job_b', step('b1', 1)),
    ];
    const settled = await Promise.allSettled(results);
    expect(settled.map((entry) => entry.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(log.filter((entry) => entry.includes(' a'))).toEqual(['start a1', 'end a1', 'start a3', 'end a3']);
    // Another key does not wait.
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
  });
});
