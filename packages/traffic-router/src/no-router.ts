import type { RouterCall } from '@lukhas/core';
import { createRouterLifetime } from './router-lifetime.ts';
import type { TrafficRouterAdapter } from './traffic-router-adapter.ts';
import { checkTrafficWeight } from './traffic-weight.ts';

/**
 * The router when `LUKHAS_TRAFFIC_ROUTER` is unset: it moves no traffic and calls nothing, so a
 * weight is only recorded and published (the behaviour of a cockpit without a router).
 */
export function createNoRouter(): TrafficRouterAdapter {
  const lifetime = createRouterLifetime('none');
  return {
    kind: 'none',
    async probe() {},
    async check() {},
    async setWeight(_split, weight, options): Promise<RouterCall> {
      checkTrafficWeight(weight, 'none');
      return lifetime.run(options.signal, async () => ({
        weight,
        attempts: 0,
        detail: 'no traffic router: weight recorded only',
      }));
    },
    close: lifetime.close,
  };
}
