import { systemTimers } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { TrafficRouterError } from './traffic-router-error.ts';
import { withRetries } from './with-retries.ts';

const RETRY = { router: 'haproxy', retries: 2, backoffMs: 1, timers: systemTimers } as const;

function failing(...codes: ('ROUTER_UNREACHABLE' | 'ROUTER_REFUSED')[]) {
  let calls = 0;
  const attempt = async () => {
    const code = codes[calls];
    calls += 1;
    if (code !== undefined) throw new TrafficRouterError(code, `failure ${calls}`, { router: 'haproxy' });
    return 'done';
  };
  return { attempt, calls: () => calls };
}

describe('withRetries', () => {
  it('retries a router that cannot be reached, and counts the attempts', async () => {
    const { attempt } = failing('ROUTER_UNREACHABLE', 'ROUTER_UNREACHABLE');
    expect(await withRetries(attempt, RETRY)).toEqual({ value: 'done', attempts: 3 });
  });

  it('gives up after the last retry with the attempts in the error', async () => {
    const { attempt, calls } = failing('ROUTER_UNREACHABLE', 'ROUTER_UNREACHABLE', 'ROUTER_UNREACHABLE');
    await expect(withRetries(attempt, RETRY)).rejects.toMatchObject({
      code: 'ROUTER_UNREACHABLE',
      attempts: 3,
      router: 'haproxy',
      message: 'failure 3 (after 3 attempts)',
    });
    expect(calls()).toBe(3);
  });

  it('never retries an answer from the router', async () => {
    const { attempt, calls } = failing('ROUTER_REFUSED');
    await expect(withRetries(attempt, RETRY)).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      attempts: 1,
      message: 'failure 1',
    });
    expect(calls()).toBe(1);
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    const { attempt, calls } = failing('ROUTER_UNREACHABLE');
    const retried = withRetries(attempt, { ...RETRY, backoffMs: 60_000, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(retried).rejects.toMatchObject({ code: 'ROUTER_ABORTED', attempts: 1 });
    expect(calls()).toBe(1);
  });
});
