import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('resolves with the first result that is not false, null or undefined', async () => {
    let tries = 0;
    const results = [false, null, undefined, 0] as const;
    expect(await waitFor(() => results[tries++], { intervalMs: 1 })).toBe(0);
    expect(tries).toBe(4);
  });

  it('awaits an async check', async () => {
    let tries = 0;
    expect(await waitFor(async () => (++tries === 3 ? 'done' : undefined), { intervalMs: 1 })).toBe('done');
  });

  it('rejects after the timeout, naming what it waited for (a function is asked at the timeout)', async () => {
    let output = 'nothing yet';
    setTimeout(() => {
      output = 'still nothing';
    }, 5);
    await expect(
      waitFor(() => false, { timeoutMs: 30, intervalMs: 5, message: () => `the server: ${output}` }),
    ).rejects.toThrow('timed out after 30 ms waiting for the server: still nothing');
    await expect(waitFor(() => false, { timeoutMs: 10, message: 'the stream' })).rejects.toThrow(
      /waiting for the stream$/,
    );
  });

  it('rejects at once with the error of a check that throws', async () => {
    await expect(
      waitFor(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});
