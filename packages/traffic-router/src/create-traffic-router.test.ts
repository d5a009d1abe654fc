import { describe, expect, it } from 'vitest';
import { createTrafficRouter } from './create-traffic-router.ts';

const SPLIT = { canaryId: 'canary_1', modelId: 'm', fromGate: 'stage', toGate: 'production' };

describe('createTrafficRouter', () => {
  it('builds the router the settings name', () => {
    expect(createTrafficRouter({ kind: 'none' }).kind).toBe('none');
    expect(createTrafficRouter({ kind: 'webhook', url: 'http://127.0.0.1:1/w' }).kind).toBe('webhook');
    expect(
      createTrafficRouter({ kind: 'haproxy', socket: { path: '/tmp/none.sock' }, backend: '{model}' }).kind,
    ).toBe('haproxy');
  });

  it('without a router, records the weight only and calls nothing', async () => {
    const router = createTrafficRouter({ kind: 'none' });
    await router.probe();
    await router.check(SPLIT);
    expect(await router.setWeight(SPLIT, 40, { idempotencyKey: 'k' })).toEqual({
      weight: 40,
      attempts: 0,
      detail: 'no traffic router: weight recorded only',
    });
    await expect(router.setWeight(SPLIT, 140, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'INVALID_TRAFFIC_SPLIT',
      message: 'a traffic weight must be a whole number from 0 to 100, got 140',
    });
  });

  it('refuses knobs that are not whole numbers in range', () => {
    expect(() => createTrafficRouter({ kind: 'none' }, { knobs: { retries: -1 } })).toThrow(
      'knobs.retries must be a whole number >= 0, got -1',
    );
    expect(() => createTrafficRouter({ kind: 'none' }, { knobs: { timeoutMs: 0 } })).toThrow(
      'knobs.timeoutMs must be a whole number >= 1, got 0',
    );
  });
});
