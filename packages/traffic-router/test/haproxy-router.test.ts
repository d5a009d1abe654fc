/**
 * The HAProxy router against a real HAProxy (the Debian `haproxy` package): real HTTP traffic
 * through its frontend follows each weight, over the unix and the TCP runtime API socket; HAProxy's
 * own error answers and a missing socket reach the caller as clear errors.
 */
import { join } from 'node:path';
import type { TrafficSplit } from '@lukhas/core';
import { freePort } from '@lukhas/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHaproxyRuntime,
  createTrafficRouter,
  parseTrafficRouterSettings,
  type TrafficRouterAdapter,
} from '../src/index.ts';
import { type HaproxyHarness, startHaproxy } from '../src/testing.ts';

const SPLIT: TrafficSplit = {
  canaryId: 'canary_7fh2m9qz',
  modelId: 'lukhas-v2',
  fromGate: 'staging',
  toGate: 'production',
};
const REQUESTS = 400;
// Knobs as LUKHAS_CANARY_WEBHOOK_* would give them; generous, the machine is loaded.
const KNOBS = { timeoutMs: 20_000, retries: 1, backoffMs: 50 };

function routerAt(socket: string, knobs: typeof KNOBS = KNOBS): TrafficRouterAdapter {
  const settings = parseTrafficRouterSettings({
    LUKHAS_TRAFFIC_ROUTER: 'haproxy',
    LUKHAS_HAPROXY_SOCKET: socket,
  });
  return createTrafficRouter(settings, { knobs });
}

function step(index: number) {
  return { idempotencyKey: `${SPLIT.canaryId}:step:${index}` };
}

let haproxy: HaproxyHarness | undefined;
let setupError: unknown;

// A failed setup (no binary, HAProxy not answering) fails every test with its message rather than
// leaving them reported as skipped.
beforeAll(async () => {
  try {
    haproxy = await startHaproxy({
      backend: 'lukhas-v2',
      servers: ['staging', 'production'],
      tcpSocket: true,
    });
  } catch (error) {
    setupError = error;
  }
}, 120_000);
beforeEach(() => {
  if (setupError !== undefined) throw setupError;
});
afterAll(async () => {
  await haproxy?.stop();
}, 120_000);

function running(): HaproxyHarness {
  if (haproxy === undefined) throw new Error('HAProxy did not start');
  return haproxy;
}

describe('HAProxy router over the unix socket', () => {
  it('probes the runtime API and checks the backend and both servers', async () => {
    const router = routerAt(running().socketPath);
    await router.probe();
    await router.check(SPLIT);
  });

  it('sends about the weight of real traffic to toGate, and reads the weights back', async () => {
    const router = routerAt(running().socketPath);
    expect(await router.setWeight(SPLIT, 25, step(0))).toEqual({
      weight: 25,
      attempts: 1,
      detail: 'haproxy lukhas-v2/production=25 lukhas-v2/staging=75 (verified)',
    });
    const runtime = createHaproxyRuntime({ address: { path: running().socketPath } });
    expect(await runtime.command('get weight lukhas-v2/production')).toBe('25 (initial 1)');
    expect(await runtime.command('get weight lukhas-v2/staging')).toBe('75 (initial 1)');

    const seen = await running().drive(REQUESTS);
    expect((seen.staging ?? 0) + (seen.production ?? 0)).toBe(REQUESTS);
    const share = ((seen.production ?? 0) / REQUESTS) * 100;
    expect(share).toBeGreaterThanOrEqual(25 - 8);
    expect(share).toBeLessThanOrEqual(25 + 8);
  });

  it('sends all traffic to toGate at 100, and none at 0 (a rollback)', async () => {
    const router = routerAt(running().socketPath);
    await router.setWeight(SPLIT, 100, step(1));
    expect(await running().drive(REQUESTS)).toEqual({ production: REQUESTS });
    // From 100 straight to 0: fromGate stands at 0 and is raised first, so no request finds no server.
    const rollback = router.setWeight(SPLIT, 0, { idempotencyKey: `${SPLIT.canaryId}:rollback` });
    const during = running().drive(REQUESTS);
    await rollback;
    const seenDuring = await during;
    expect(seenDuring['HTTP 503']).toBeUndefined();
    expect(await running().drive(REQUESTS)).toEqual({ staging: REQUESTS });
  });

  it('applies the same step twice with the same result (a restart re-applies it)', async () => {
    const router = routerAt(running().socketPath);
    const first = await router.setWeight(SPLIT, 10, step(2));
    expect(await router.setWeight(SPLIT, 10, step(2))).toEqual(first);
  });

  it("rejects an unknown backend or server with HAProxy's message, changing nothing", async () => {
    const router = routerAt(running().socketPath);
    await router.setWeight(SPLIT, 30, step(3));
    await expect(router.check({ ...SPLIT, modelId: 'lukhas-v3' })).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      router: 'haproxy',
      message: 'HAProxy refused "get weight lukhas-v3/production": No such backend.',
    });
    await expect(router.check({ ...SPLIT, toGate: 'canary' })).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      message: 'HAProxy refused "get weight lukhas-v2/canary": No such server.',
    });
    await expect(router.setWeight({ ...SPLIT, toGate: 'canary' }, 50, step(4))).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      attempts: 1,
      message: 'HAProxy refused "set weight lukhas-v2/canary 50": No such server.',
    });
    const runtime = createHaproxyRuntime({ address: { path: running().socketPath } });
    expect(await runtime.command('get weight lukhas-v2/staging')).toBe('70 (initial 1)');
  });

  it('refuses to start on a socket that does not exist, naming the variable', async () => {
    const missing = join(running().directory, 'missing.sock');
    const router = routerAt(missing, { ...KNOBS, retries: 0 });
    const failure = router.probe();
    await expect(failure).rejects.toMatchObject({ code: 'ROUTER_UNREACHABLE', router: 'haproxy' });
    await expect(failure).rejects.toThrow(
      `LUKHAS_HAPROXY_SOCKET: HAProxy runtime API at ${missing}: no socket there (ENOENT)`,
    );
    await expect(router.setWeight(SPLIT, 10, step(5))).rejects.toMatchObject({ code: 'ROUTER_UNREACHABLE' });
  });
});

describe('HAProxy router over the TCP socket (host:port)', () => {
  it('drives the same backend', async () => {
    const router = routerAt(running().tcpSocket ?? '');
    await router.probe();
    await router.setWeight(SPLIT, 50, step(6));
    const seen = await running().drive(REQUESTS);
    const share = ((seen.production ?? 0) / REQUESTS) * 100;
    expect(share).toBeGreaterThanOrEqual(50 - 8);
    expect(share).toBeLessThanOrEqual(50 + 8);
    expect((seen.staging ?? 0) + (seen.production ?? 0)).toBe(REQUESTS);
  });

  it('says connection refused for a port nobody listens on', async () => {
    const router = routerAt(`127.0.0.1:${await freePort()}`, { ...KNOBS, retries: 0 });
    await expect(router.probe()).rejects.toThrow(
      /^LUKHAS_HAPROXY_SOCKET: .*connection refused \(ECONNREFUSED\)/,
    );
  });
});
