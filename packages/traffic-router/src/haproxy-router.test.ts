import { systemTimers, type TrafficSplit } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { createHaproxyRouter } from './haproxy-router.ts';
import type { HaproxyRuntime } from './haproxy-runtime.ts';
import { TrafficRouterError } from './traffic-router-error.ts';

const SPLIT: TrafficSplit = {
  canaryId: 'canary_7fh2m9qz',
  modelId: 'lukhas-v2',
  fromGate: 'staging',
  toGate: 'production',
};
const KEY = { idempotencyKey: 'canary_7fh2m9qz:step:0' };

/** Answers like HAProxy 2.6 for one backend's servers, and records each command. */
function fakeHaproxy(servers: Record<string, number>, options: { unreachableFor?: number } = {}) {
  const commands: string[] = [];
  let unreachable = options.unreachableFor ?? 0;
  const runtime: HaproxyRuntime = {
    where: '/tmp/fake.sock',
    async command(command) {
      if (unreachable > 0) {
        unreachable -= 1;
        throw new TrafficRouterError('ROUTER_UNREACHABLE', 'HAProxy runtime API at /tmp/fake.sock: refused');
      }
      commands.push(command);
      const [verb, , target, value] = command.split(' ');
      if (command === 'show info') return 'Name: HAProxy\nVersion: 2.6.12';
      if (command === 'show cli level') return 'admin';
      const [backend, server] = (target ?? '').split('/');
      if (backend !== 'lukhas-v2') return 'No such backend.';
      if (server === undefined || !(server in servers)) return 'No such server.';
      if (verb === 'get') return `${servers[server]} (initial 1)`;
      servers[server] = Number(value);
      return '';
    },
  };
  return { runtime, commands, servers };
}

function routerOver(runtime: HaproxyRuntime) {
  return createHaproxyRouter({ runtime, backend: '{model}', backoffMs: 1, timers: systemTimers });
}

describe('createHaproxyRouter', () => {
  it('sets toGate then fromGate, and reads both back', async () => {
    const haproxy = fakeHaproxy({ staging: 1, production: 1 });
    const call = await routerOver(haproxy.runtime).setWeight(SPLIT, 25, KEY);
    expect(call).toEqual({
      weight: 25,
      attempts: 1,
      detail: 'haproxy lukhas-v2/production=25 lukhas-v2/staging=75 (verified)',
    });
    expect(haproxy.commands).toEqual([
      'set weight lukhas-v2/production 25',
      'set weight lukhas-v2/staging 75',
      'get weight lukhas-v2/production',
      'get weight lukhas-v2/staging',
    ]);
  });

  it('takes traffic off toGate first on a rollback to 0', async () => {
    const haproxy = fakeHaproxy({ staging: 50, production: 50 });
    await routerOver(haproxy.runtime).setWeight(SPLIT, 0, KEY);
    expect(haproxy.commands.filter((command) => command.startsWith('set'))).toEqual([
      'set weight lukhas-v2/production 0',
      'set weight lukhas-v2/staging 100',
    ]);
    expect(haproxy.servers).toEqual({ staging: 100, production: 0 });
  });

  it('raises fromGate first when it stands at 0, so the backend never has both servers at 0', async () => {
    const haproxy = fakeHaproxy({ staging: 0, production: 100 });
    await routerOver(haproxy.runtime).setWeight(SPLIT, 0, KEY);
    expect(haproxy.commands.slice(0, 3)).toEqual([
      'get weight lukhas-v2/staging',
      'set weight lukhas-v2/staging 100',
      'set weight lukhas-v2/production 0',
    ]);
  });

  it("rejects ROUTER_REFUSED with HAProxy's message, without retrying", async () => {
    const haproxy = fakeHaproxy({ staging: 1 });
    const router = routerOver(haproxy.runtime);
    await expect(router.setWeight(SPLIT, 25, KEY)).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      attempts: 1,
      message: 'HAProxy refused "set weight lukhas-v2/production 25": No such server.',
    });
    await expect(router.check({ ...SPLIT, modelId: 'lukhas-v3' })).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      message: 'HAProxy refused "get weight lukhas-v3/production": No such backend.',
    });
  });

  it('rejects ROUTER_NOT_APPLIED when the weights read back differ', async () => {
    const haproxy = fakeHaproxy({ staging: 1, production: 1 });
    const runtime: HaproxyRuntime = {
      where: haproxy.runtime.where,
      async command(command) {
        // Another writer sets production back after each of ours.
        const answer = await haproxy.runtime.command(command);
        if (command.startsWith('set weight lukhas-v2/staging')) haproxy.servers.production = 7;
        return answer;
      },
    };
    await expect(routerOver(runtime).setWeight(SPLIT, 25, KEY)).rejects.toMatchObject({
      code: 'ROUTER_NOT_APPLIED',
      message: 'HAProxy reads lukhas-v2/production=7 lukhas-v2/staging=75 after setting 25/75',
    });
  });

  it('retries an unreachable runtime API and counts the attempts', async () => {
    const haproxy = fakeHaproxy({ staging: 1, production: 1 }, { unreachableFor: 2 });
    expect(await routerOver(haproxy.runtime).setWeight(SPLIT, 100, KEY)).toMatchObject({
      weight: 100,
      attempts: 3,
    });
    expect(haproxy.servers).toEqual({ staging: 0, production: 100 });
  });

  it('refuses names HAProxy cannot take, and weights outside 0..100, before sending anything', async () => {
    const haproxy = fakeHaproxy({ staging: 1, production: 1 });
    const router = routerOver(haproxy.runtime);
    await expect(router.setWeight({ ...SPLIT, modelId: 'x; shutdown' }, 25, KEY)).rejects.toMatchObject({
      code: 'INVALID_TRAFFIC_SPLIT',
      message:
        'backend "x; shutdown" cannot name an HAProxy backend: only letters, digits, "_", ".", ":" and "-" may',
    });
    await expect(router.check({ ...SPLIT, fromGate: 'production' })).rejects.toMatchObject({
      code: 'INVALID_TRAFFIC_SPLIT',
    });
    for (const weight of [-1, 101, 12.5, Number.NaN]) {
      await expect(router.setWeight(SPLIT, weight, KEY)).rejects.toMatchObject({
        code: 'INVALID_TRAFFIC_SPLIT',
      });
    }
    expect(haproxy.commands).toEqual([]);
  });

  it('probes with show info and the CLI level, naming the variable when it fails', async () => {
    const haproxy = fakeHaproxy({});
    await routerOver(haproxy.runtime).probe();
    expect(haproxy.commands).toEqual(['show info', 'show cli level']);

    const operatorLevel: HaproxyRuntime = {
      where: '/tmp/fake.sock',
      command: async (command) => (command === 'show info' ? 'Name: HAProxy' : 'operator'),
    };
    await expect(routerOver(operatorLevel).probe()).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      message:
        'LUKHAS_HAPROXY_SOCKET: HAProxy runtime API at /tmp/fake.sock has level "operator": setting weights needs `stats socket … level admin`',
    });
  });

  it('rejects ROUTER_ABORTED once closed', async () => {
    const haproxy = fakeHaproxy({ staging: 1, production: 1 });
    const router = routerOver(haproxy.runtime);
    await router.close();
    await expect(router.setWeight(SPLIT, 25, KEY)).rejects.toMatchObject({ code: 'ROUTER_ABORTED' });
    expect(haproxy.commands).toEqual([]);
  });
});
