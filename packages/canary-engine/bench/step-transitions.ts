/**
 * How many traffic steps per second one canary can take: the router call (`setWeight`) and then
 * the `step` transition recorded in the store, one after the other as the runner does them,
 * through each router: none, a webhook to a receiver on loopback, a real HAProxy over its unix
 * runtime API socket. Each is measured next to the same record write without any router call,
 * right before it, so a loaded machine shifts both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CanaryRecord,
  parseCanaryRequest,
  type RouterCall,
  type TrafficRouter,
  type TrafficSplit,
} from '@lukhas/core';
import {
  type CockpitDatabaseStore,
  closeDatabase,
  createCockpitStore,
  migrateToLatest,
  openDatabase,
} from '@lukhas/persistence';
import {
  createNoRouter,
  createTrafficRouter,
  createWebhookRouter,
  parseTrafficRouterSettings,
  type TrafficRouterAdapter,
} from '@lukhas/traffic-router';
import { startHaproxy } from '@lukhas/traffic-router/testing';
import { runningCanary, startedTransition } from '../src/canary-transitions.ts';
import { stepTransition } from '../src/step-transitions.ts';

/** One router's figure and the record writes alone measured beside it. */
export interface StepTransitionFigure {
  readonly router: string;
  /** Steps per second, router call included; NaN when the router could not be set up. */
  readonly stepsPerSecond: number;
  /** Record writes per second without a router call, measured right before. */
  readonly recordOnlyPerSecond: number;
  readonly steps: number;
  /** Mean time of one router call, ms. */
  readonly routerCallMs: number;
  readonly problem?: string;
}

/** What the run measured. */
export interface StepTransitionsResult {
  readonly database: string;
  readonly secondsPerFigure: number;
  readonly figures: readonly StepTransitionFigure[];
}

const SPLIT: TrafficSplit = {
  canaryId: 'canary_bench_steps',
  modelId: 'bench-model',
  fromGate: 'stage',
  toGate: 'production',
};

/** Measures each router for about `seconds`, each beside the record write alone. */
export async function benchStepTransitions(options: {
  readonly seconds: number;
  readonly inMemory: boolean;
}): Promise<StepTransitionsResult> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-steps-'));
  const file = options.inMemory ? ':memory:' : join(directory, 'cockpit.db');
  const db = openDatabase({ file });
  await migrateToLatest(db, file === ':memory:' ? {} : { file });
  const store = createCockpitStore(db);
  const figures: StepTransitionFigure[] = [];
  try {
    const canary = await startCanary(store);
    // A discarded round first: the first figure must not pay for the JIT and the cold cache.
    await stepLoop(store, canary, undefined, Math.min(1, options.seconds));
    const measure = async (name: string, router: TrafficRouterAdapter) => {
      const recordOnly = await stepLoop(store, canary, undefined, options.seconds);
      const stepped = await stepLoop(store, canary, router, options.seconds);
      figures.push({
        router: name,
        stepsPerSecond: stepped.perSecond,
        recordOnlyPerSecond: recordOnly.perSecond,
        steps: stepped.steps,
        routerCallMs: stepped.routerMs,
      });
      await router.close();
    };
    await measure('none', createNoRouter());

    const receiver = await startReceiver();
    try {
      await measure(
        'webhook (receiver on loopback)',
        createWebhookRouter({ url: receiver.url, knobs: { secret: 'bench', retries: 0, timeoutMs: 10_000 } }),
      );
    } finally {
      await new Promise((resolve) => receiver.server.close(resolve));
    }

    const name = 'haproxy (real, unix socket)';
    try {
      const haproxy = await startHaproxy({ backend: SPLIT.modelId, servers: [SPLIT.fromGate, SPLIT.toGate] });
      try {
        const settings = parseTrafficRouterSettings({
          LUKHAS_TRAFFIC_ROUTER: 'haproxy',
          LUKHAS_HAPROXY_SOCKET: haproxy.socketPath,
        });
        await measure(name, createTrafficRouter(settings, {}));
      } finally {
        await haproxy.stop();
      }
    } catch (error) {
      figures.push({
        router: name,
        stepsPerSecond: Number.NaN,
        recordOnlyPerSecond: Number.NaN,
        steps: 0,
        routerCallMs: Number.NaN,
        problem: error instanceof Error ? error.message.split('\n')[0] : String(error),
      });
    }
  } finally {
    closeDatabase(db);
    rmSync(directory, { recursive: true, force: true });
  }
  return {
    database: options.inMemory ? 'in-memory SQLite' : 'temp-file SQLite (WAL)',
    secondsPerFigure: options.seconds,
    figures,
  };
}

// A running canary with ten steps, stored as the engine stores it.
async function startCanary(store: CockpitDatabaseStore): Promise<CanaryRecord> {
  const request = parseCanaryRequest({
    modelId: SPLIT.modelId,
    fromGate: SPLIT.fromGate,
    toGate: SPLIT.toGate,
    windowSeconds: 3600,
    intervalSeconds: 30,
    targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
    steps: Array.from({ length: 10 }, (_, index) => ({ setWeight: (index + 1) * 10 })),
  });
  const at = Date.now();
  const canary = runningCanary(request, { canaryId: SPLIT.canaryId, operator: 'bench', at });
  await store.recordTransition(startedTransition(canary, at));
  return canary;
}

/**
 * Steps for about `seconds` (after a short warm-up): the router's call when there is a router,
 * then the `step` transition with its audit, narrative line and event, weights 10..90 in turn.
 */
async function stepLoop(
  store: CockpitDatabaseStore,
  start: CanaryRecord,
  router: TrafficRouter | undefined,
  seconds: number,
): Promise<{ perSecond: number; steps: number; routerMs: number }> {
  let canary = start;
  let routerMs = 0;
  const step = async (count: number) => {
    const weight = ((count % 9) + 1) * 10;
    let call: RouterCall = { weight, attempts: 0, detail: 'record only' };
    if (router !== undefined) {
      const began = performance.now();
      call = await router.setWeight(SPLIT, weight, {
        idempotencyKey: `${SPLIT.canaryId}/${count}/${weight}`,
      });
      routerMs += performance.now() - began;
    }
    const transition = stepTransition({
      canary,
      index: count % 10,
      step: { setWeight: weight },
      weight,
      stepIndex: (count % 10) + 1,
      router: { kind: router?.kind ?? 'none', call },
      at: Date.now(),
      operator: 'bench',
    });
    await store.recordTransition(transition);
    canary = transition.canary ?? canary;
  };
  for (let count = 0; count < 50; count += 1) await step(count);
  routerMs = 0;
  let steps = 0;
  const began = performance.now();
  const deadline = began + seconds * 1000;
  while (performance.now() < deadline) {
    await step(steps);
    steps += 1;
  }
  const elapsed = (performance.now() - began) / 1000;
  return {
    perSecond: Math.round(steps / elapsed),
    steps,
    routerMs: Math.round((routerMs / Math.max(1, steps)) * 1000) / 1000,
  };
}

// A traffic webhook receiver: reads the body, answers 204.
async function startReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/traffic` };
}
