/**
 * The HAProxy router: a model's traffic is one HAProxy backend whose servers are named after the
 * gates; a step sets their weights through the runtime API and reads them back.
 */
import { type RouterCall, systemTimers, type Timers, type TrafficSplit } from '@lukhas/core';
import type { HaproxyRuntime } from './haproxy-runtime.ts';
import { createRouterLifetime } from './router-lifetime.ts';
import type { TrafficRouterAdapter } from './traffic-router-adapter.ts';
import { isTrafficRouterError, TrafficRouterError } from './traffic-router-error.ts';
import { checkTrafficWeight } from './traffic-weight.ts';
import { type RetryOptions, withRetries } from './with-retries.ts';

/** What the HAProxy router needs. */
export interface HaproxyRouterOptions {
  readonly runtime: HaproxyRuntime;
  /** The backend's name, `{model}` standing for the model id (`LUKHAS_HAPROXY_BACKEND`). */
  readonly backend: string;
  /** Retries when the runtime API cannot be reached (an answer from HAProxy is final). Default 2. */
  readonly retries?: number;
  /** First retry delay, doubled for each next one. Default 500. */
  readonly backoffMs?: number;
  readonly timers?: Timers;
  /** The variable the socket came from, named in the probe's error. Default `LUKHAS_HAPROXY_SOCKET`. */
  readonly socketVariable?: string;
}

// The characters HAProxy allows in proxy and server names: anything else cannot name one, and a
// space, `;` or newline would split the runtime API's command line.
const HAPROXY_NAME = /^[A-Za-z0-9_.:-]+$/;

/** True when `name` can name an HAProxy backend or server, and be sent on a runtime API line. */
export function isHaproxyName(name: string): boolean {
  return HAPROXY_NAME.test(name);
}

/** The HAProxy backend of a model: `template` with each `{model}` replaced by the model id. */
export function haproxyBackendFor(template: string, modelId: string): string {
  return template.replaceAll('{model}', modelId);
}

/**
 * A router over HAProxy's runtime API. `setWeight(split, N)` runs `set weight <backend>/<toGate> N`
 * then `set weight <backend>/<fromGate> 100-N`, so that going down (a rollback to 0) takes traffic
 * off `toGate` first; only when `fromGate` stands at 0 (after a step to 100) is it raised first, as
 * both at 0 would leave the backend without a server. Both weights are then read back with
 * `get weight`. HAProxy's error answers (`No such backend.`, `No such server.`) reject
 * `ROUTER_REFUSED` with HAProxy's message.
 *
 * @example
 * const router = createHaproxyRouter({
 *   runtime: createHaproxyRuntime({ address: { path: '/run/haproxy/admin.sock' } }),
 *   backend: '{model}',
 * });
 * await router.setWeight(split, 25, { idempotencyKey: `${split.canaryId}:step:0` });
 */
export function createHaproxyRouter(options: HaproxyRouterOptions): TrafficRouterAdapter {
  const { runtime } = options;
  const lifetime = createRouterLifetime('haproxy');
  const retry = (signal: AbortSignal): RetryOptions => ({
    router: 'haproxy',
    retries: options.retries ?? 2,
    backoffMs: options.backoffMs ?? 500,
    timers: options.timers ?? systemTimers,
    signal,
  });

  async function ask(command: string, signal: AbortSignal): Promise<string> {
    return runtime.command(command, signal);
  }

  async function getWeight(server: string, signal: AbortSignal): Promise<number> {
    const command = `get weight ${server}`;
    const answer = await ask(command, signal);
    const match = /^(\d+) \(initial \d+\)$/.exec(answer);
    if (match === null) throw refused(command, answer);
    return Number(match[1]);
  }

  async function setWeight(server: string, weight: number, signal: AbortSignal): Promise<void> {
    const command = `set weight ${server} ${weight}`;
    const answer = await ask(command, signal);
    if (answer !== '') throw refused(command, answer);
  }

  return {
    kind: 'haproxy',

    async probe(signal) {
      return lifetime.run(signal, (callSignal) => probe(callSignal));
    },

    async check(split, signal) {
      const { to, from } = serversOf(split, options.backend);
      return lifetime.run(signal, async (callSignal) => {
        await withRetries(async () => {
          await getWeight(to, callSignal);
          await getWeight(from, callSignal);
        }, retry(callSignal));
      });
    },

    async setWeight(split, weight, { signal }) {
      checkTrafficWeight(weight, 'haproxy');
      const servers = serversOf(split, options.backend);
      return lifetime.run(signal, (callSignal) => applyWeight(servers, weight, callSignal));
    },

    close: lifetime.close,
  };

  // `show info` and `show cli level`, with an error naming the variable to fix at start-up.
  async function probe(callSignal: AbortSignal): Promise<void> {
    const variable = options.socketVariable ?? 'LUKHAS_HAPROXY_SOCKET';
    try {
      await withRetries(async () => {
        const info = await ask('show info', callSignal);
        if (!info.startsWith('Name:')) throw refused('show info', info);
        const level = await ask('show cli level', callSignal);
        if (level !== 'admin') {
          throw new TrafficRouterError(
            'ROUTER_REFUSED',
            `HAProxy runtime API at ${runtime.where} has level "${level}": setting weights needs \`stats socket … level admin\``,
            { router: 'haproxy' },
          );
        }
      }, retry(callSignal));
    } catch (caught) {
      if (!isTrafficRouterError(caught) || caught.code === 'ROUTER_ABORTED') throw caught;
      // Said at start-up: name the variable to fix.
      throw new TrafficRouterError(caught.code, `${variable}: ${caught.message}`, {
        router: 'haproxy',
        attempts: caught.attempts,
        cause: caught.cause,
      });
    }
  }

  // Sets both servers in a safe order, then reads them back.
  async function applyWeight(
    servers: { to: string; from: string },
    weight: number,
    callSignal: AbortSignal,
  ): Promise<RouterCall> {
    const { to, from } = servers;
    const { attempts } = await withRetries(async () => {
      const toGoesFirst = weight > 0 || (await getWeight(from, callSignal)) > 0;
      const order: [string, number][] = [
        [to, weight],
        [from, 100 - weight],
      ];
      if (!toGoesFirst) order.reverse();
      for (const [server, serverWeight] of order) await setWeight(server, serverWeight, callSignal);
      const applied = { to: await getWeight(to, callSignal), from: await getWeight(from, callSignal) };
      if (applied.to !== weight || applied.from !== 100 - weight) {
        throw new TrafficRouterError(
          'ROUTER_NOT_APPLIED',
          `HAProxy reads ${to}=${applied.to} ${from}=${applied.from} after setting ${weight}/${100 - weight}`,
          { router: 'haproxy' },
        );
      }
    }, retry(callSignal));
    return { weight, attempts, detail: `haproxy ${to}=${weight} ${from}=${100 - weight} (verified)` };
  }
}

/** `<backend>/<gate>` of both gates; throws `INVALID_TRAFFIC_SPLIT` for names HAProxy cannot take. */
function serversOf(split: TrafficSplit, template: string): { to: string; from: string } {
  const backend = haproxyBackendFor(template, split.modelId);
  const named = (what: string, name: string) => {
    if (!isHaproxyName(name)) {
      throw new TrafficRouterError(
        'INVALID_TRAFFIC_SPLIT',
        `${what} "${name}" cannot name an HAProxy ${what === 'backend' ? 'backend' : 'server'}: only letters, digits, "_", ".", ":" and "-" may`,
        { router: 'haproxy' },
      );
    }
    return name;
  };
  named('backend', backend);
  named('toGate', split.toGate);
  named('fromGate', split.fromGate);
  if (split.toGate === split.fromGate) {
    throw new TrafficRouterError(
      'INVALID_TRAFFIC_SPLIT',
      `toGate and fromGate are both "${split.toGate}": HAProxy needs two servers`,
      { router: 'haproxy' },
    );
  }
  return { to: `${backend}/${split.toGate}`, from: `${backend}/${split.fromGate}` };
}

function refused(command: string, answer: string): TrafficRouterError {
  return new TrafficRouterError(
    'ROUTER_REFUSED',
    `HAProxy refused "${command}": ${answer === '' ? '(empty answer)' : answer}`,
    { router: 'haproxy' },
  );
}
