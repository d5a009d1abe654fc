import type { TrafficSplit } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { createTrafficRouter } from './create-traffic-router.ts';
import type { TrafficRouterCallOutcome } from './observe-traffic-router.ts';
import { observeTrafficRouter } from './observe-traffic-router.ts';
import type { TrafficRouterAdapter } from './traffic-router-adapter.ts';
import { TrafficRouterError } from './traffic-router-error.ts';

const SPLIT: TrafficSplit = { canaryId: 'canary_1', modelId: 'm', fromGate: 'stage', toGate: 'production' };
const KEY = { idempotencyKey: 'canary_1/0/25' };

/** A router whose every call fails with `error`. */
function failingRouter(error: unknown): TrafficRouterAdapter {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { kind: 'haproxy', probe: fail, check: fail, setWeight: fail, close: async () => {} };
}

describe('observeTrafficRouter', () => {
  it('tells each call and its outcome, passing results through', async () => {
    const calls: TrafficRouterCallOutcome[] = [];
    const router = createTrafficRouter({ kind: 'none' }, { onCall: (call) => calls.push(call) });
    await router.probe();
    await router.check(SPLIT);
    expect((await router.setWeight(SPLIT, 25, KEY)).weight).toBe(25);
    await expect(router.setWeight(SPLIT, 101, KEY)).rejects.toMatchObject({ code: 'INVALID_TRAFFIC_SPLIT' });
    expect(calls).toEqual([
      { router: 'none', call: 'probe', outcome: 'ok' },
      { router: 'none', call: 'check', outcome: 'ok' },
      { router: 'none', call: 'set_weight', outcome: 'ok' },
      { router: 'none', call: 'set_weight', outcome: 'invalid' },
    ]);
  });

  it.each([
    ['ROUTER_UNREACHABLE', 'unreachable'],
    ['ROUTER_REFUSED', 'refused'],
    ['ROUTER_NOT_APPLIED', 'not_applied'],
    ['ROUTER_ABORTED', 'aborted'],
  ] as const)('counts %s as %s and rethrows the same error', async (code, outcome) => {
    const calls: TrafficRouterCallOutcome[] = [];
    const error = new TrafficRouterError(code, 'HAProxy said no', { router: 'haproxy' });
    const router = observeTrafficRouter(failingRouter(error), (call) => calls.push(call));
    await expect(router.check(SPLIT)).rejects.toBe(error);
    expect(calls).toEqual([{ router: 'haproxy', call: 'check', outcome }]);
  });

  it('counts a foreign error as error, and ignores a listener that throws', async () => {
    const thrown = new Error('boom');
    const calls: TrafficRouterCallOutcome[] = [];
    const router = observeTrafficRouter(failingRouter(thrown), (call) => calls.push(call));
    await expect(router.setWeight(SPLIT, 25, KEY)).rejects.toBe(thrown);
    expect(calls).toEqual([{ router: 'haproxy', call: 'set_weight', outcome: 'error' }]);
    const ok = observeTrafficRouter(createTrafficRouter({ kind: 'none' }), () => {
      throw new Error('listener broken');
    });
    await expect(ok.probe()).resolves.toBeUndefined();
  });
});
