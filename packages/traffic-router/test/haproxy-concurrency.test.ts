/**
 * Many canaries stepping at once through one real HAProxy: its runtime API takes only a few
 * connections at a time (`stats maxconn`, 10 by default) and a unix socket's backlog is short, so
 * connecting for every command at once once failed with EAGAIN. Every call must succeed at its
 * first attempt, and each canary's pair of servers must hold exactly its weights.
 */
import type { TrafficSplit } from '@lukhas/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHaproxyRuntime,
  createTrafficRouter,
  parseTrafficRouterSettings,
  type TrafficRouterAdapter,
} from '../src/index.ts';
import { type HaproxyHarness, startHaproxy } from '../src/testing.ts';

const CANARIES = 30;
// One backend holding a pair of servers per canary: canary i moves traffic from b<i> to a<i>.
const SERVERS = Array.from({ length: CANARIES }, (_, index) => [`a${index}`, `b${index}`]).flat();
// No retry: a command refused for want of a connection must not be hidden by a second attempt.
const KNOBS = { timeoutMs: 60_000, retries: 0, backoffMs: 50 };

function splitOf(index: number): TrafficSplit {
  return { canaryId: `canary_${index}`, modelId: 'fleet', fromGate: `b${index}`, toGate: `a${index}` };
}

function routerAt(socket: string): TrafficRouterAdapter {
  const settings = parseTrafficRouterSettings({
    LUKHAS_TRAFFIC_ROUTER: 'haproxy',
    LUKHAS_HAPROXY_SOCKET: socket,
  });
  return createTrafficRouter(settings, { knobs: KNOBS });
}

let haproxy: HaproxyHarness | undefined;
let setupError: unknown;
// A listener left per call on a shared signal shows as Node's MaxListenersExceededWarning.
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

beforeAll(async () => {
  try {
    haproxy = await startHaproxy({ backend: 'fleet', servers: SERVERS, tcpSocket: true });
  } catch (error) {
    setupError = error;
  }
}, 120_000);
beforeEach(() => {
  if (setupError !== undefined) throw setupError;
  warnings.length = 0;
  process.on('warning', onWarning);
});
afterEach(async () => {
  // Warnings are emitted on a later tick.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  expect(warnings).toEqual([]);
});
afterAll(async () => {
  await haproxy?.stop();
}, 120_000);

function running(): HaproxyHarness {
  if (haproxy === undefined) throw new Error('HAProxy did not start');
  return haproxy;
}

/** 30 canaries set their weights at once; each gets `weightOf(i)`, verified, at the first attempt. */
async function stepAllAtOnce(router: TrafficRouterAdapter, weightOf: (index: number) => number) {
  const calls = await Promise.allSettled(
    Array.from({ length: CANARIES }, (_, index) =>
      router.setWeight(splitOf(index), weightOf(index), { idempotencyKey: `canary_${index}/0` }),
    ),
  );
  const failures = calls.flatMap((call) => (call.status === 'rejected' ? [String(call.reason)] : []));
  expect(failures).toEqual([]);
  const answers = calls.map((call) => (call.status === 'fulfilled' ? call.value : undefined));
  expect(answers.map((answer) => answer?.attempts)).toEqual(Array(CANARIES).fill(1));
  const runtime = createHaproxyRuntime({ address: { path: running().socketPath } });
  for (let index = 0; index < CANARIES; index += 1) {
    expect(await runtime.command(`get weight fleet/a${index}`)).toBe(`${weightOf(index)} (initial 1)`);
    expect(await runtime.command(`get weight fleet/b${index}`)).toBe(`${100 - weightOf(index)} (initial 1)`);
  }
}

describe('HAProxy router with many canaries at once', () => {
  it(`sets ${CANARIES} weights at once over the unix socket, each at its first attempt`, async () => {
    const router = routerAt(running().socketPath);
    await stepAllAtOnce(router, (index) => (index * 3) % 101);
    await router.close();
  });

  it(`sets ${CANARIES} weights at once over the TCP socket, each at its first attempt`, async () => {
    const router = routerAt(running().tcpSocket ?? '');
    await stepAllAtOnce(router, (index) => 100 - index);
    await router.close();
  });

  it('serialises across routers sharing one socket address (two engines in one process)', async () => {
    const first = routerAt(running().socketPath);
    const second = routerAt(running().socketPath);
    const calls = await Promise.allSettled(
      Array.from({ length: CANARIES }, (_, index) =>
        (index % 2 === 0 ? first : second).setWeight(splitOf(index), 40, {
          idempotencyKey: `canary_${index}/1`,
        }),
      ),
    );
    expect(calls.filter((call) => call.status === 'rejected')).toEqual([]);
    await first.close();
    await second.close();
  });
});
