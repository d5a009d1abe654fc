/**
 * Progressive delivery on the real cockpit process (`src/main.ts`, LUKHAS_TRAFFIC_ROUTER=haproxy)
 * over a real HAProxy (Debian's `haproxy`) whose backend is the model and whose two upstreams are
 * named after the gates: real HTTP traffic through HAProxy follows each step; a `pause: {}` holds
 * until `promote_canary` (MCP SDK client); `full: true` skips the rest; a breach takes the traffic
 * back before `rolled_back` reaches `/sse`; bad input is refused and nothing half-started stays.
 *
 * Tolerance: each split is measured over 400 requests on fresh connections. HAProxy's weighted
 * roundrobin (one thread) deals them out almost exactly by weight, but after a server's weight rose
 * from 0 it may send it a long burst (seen here: 400 of 400 to one server at 25/75), so each
 * scenario has its own model, hence its own backend and roundrobin, and a share within ±5
 * percentage points of the weight passes (100 ± 20 of 400 at 25 %). 0 % and 100 % are exact.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createTempDirs } from '@lukhas/test-kit';
import { createHaproxyRuntime } from '@lukhas/traffic-router';
import { type HaproxyHarness, startHaproxy } from '@lukhas/traffic-router/testing';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMainProcess } from './main-process.ts';
import {
  BREACHING_TARGETS,
  HEALTHY_TARGETS,
  type SteppedCockpit,
  startSteppedCockpit,
} from './stepped-cockpit.ts';

/** A model, so an HAProxy backend, per scenario: each starts from a fresh roundrobin. */
const MODELS = { steps: 'pd-steps', full: 'pd-full', breach: 'pd-breach', bad: 'pd-bad' } as const;
const GATES = { fromGate: 'staging', toGate: 'production' } as const;
const REQUESTS = 400;
const TOLERANCE_POINTS = 5;
/**
 * Long enough for 400 requests to run inside the timed pause at 50 %; the test checks that the
 * weight still read 50 after them rather than trusting the clock.
 */
const TIMED_PAUSE_SECONDS = 10;
const STEPS = [
  { setWeight: 25 },
  { pause: {} },
  { setWeight: 50 },
  { pause: { seconds: TIMED_PAUSE_SECONDS } },
  { setWeight: 100 },
];

function policy(targets: Record<string, number>, steps: readonly unknown[] = STEPS) {
  return { windowSeconds: 600, intervalSeconds: 0.5, minSamples: 2, failureLimit: 0, targets, steps };
}

let haproxy: HaproxyHarness | undefined;
let cockpit: SteppedCockpit | undefined;
let setupError: unknown;
/** `get weight <model>/production` read the moment each `rolled_back` event arrived, by canary. */
const weightsAtRollback = new Map<string, Promise<[string, string]>>();

// A failed setup (no haproxy binary, the server not starting) fails every test with its message.
beforeAll(async () => {
  try {
    haproxy = await startHaproxy({
      backend: MODELS.steps,
      moreBackends: [MODELS.full, MODELS.breach, MODELS.bad],
      servers: [GATES.fromGate, GATES.toGate],
    });
    cockpit = await startSteppedCockpit({
      LUKHAS_TRAFFIC_ROUTER: 'haproxy',
      LUKHAS_HAPROXY_SOCKET: haproxy.socketPath,
    });
    const runtime = createHaproxyRuntime({ address: { path: haproxy.socketPath } });
    cockpit.onEvent((event) => {
      if (event.type !== 'rolled_back') return;
      const model = String(event.data.modelId);
      weightsAtRollback.set(
        String(event.data.canaryId),
        Promise.all([
          runtime.command(`get weight ${model}/${GATES.toGate}`),
          runtime.command(`get weight ${model}/${GATES.fromGate}`),
        ]),
      );
    });
  } catch (error) {
    setupError = error;
  }
}, 180_000);
beforeEach(() => {
  if (setupError !== undefined) throw setupError;
});
afterAll(async () => {
  await cockpit?.close();
  await haproxy?.stop();
}, 60_000);

function running(): { cockpit: SteppedCockpit; haproxy: HaproxyHarness } {
  if (cockpit === undefined || haproxy === undefined) throw new Error('not started');
  return { cockpit, haproxy };
}

/** HAProxy's weights of `model`'s backend: [toGate, fromGate]. */
async function weightsOf(model: string): Promise<[number, number]> {
  const runtime = createHaproxyRuntime({ address: { path: running().haproxy.socketPath } });
  const read = async (gate: string) =>
    Number(/^(\d+) /.exec(await runtime.command(`get weight ${model}/${gate}`))?.[1]);
  return [await read(GATES.toGate), await read(GATES.fromGate)];
}

/** Drives real traffic through `model`'s backend and checks the share `toGate` got against `weight`. */
async function expectSplit(model: string, weight: number): Promise<void> {
  const seen = await running().haproxy.drive(REQUESTS, model);
  expect(seen['HTTP 503'], JSON.stringify(seen)).toBeUndefined();
  expect((seen[GATES.toGate] ?? 0) + (seen[GATES.fromGate] ?? 0)).toBe(REQUESTS);
  const share = ((seen[GATES.toGate] ?? 0) / REQUESTS) * 100;
  if (weight === 0 || weight === 100) expect(share, JSON.stringify(seen)).toBe(weight);
  expect(
    Math.abs(share - weight),
    `${share}% to ${GATES.toGate}: ${JSON.stringify(seen)}`,
  ).toBeLessThanOrEqual(TOLERANCE_POINTS);
}

async function startCanary(
  modelId: string,
  targets: Record<string, number>,
  steps?: readonly unknown[],
): Promise<string> {
  const started = await running().cockpit.ok('start_canary', {
    modelId,
    ...GATES,
    policy: policy(targets, steps),
  });
  return String(started.canaryId);
}

function typesOf(canaryId: string): string[] {
  return running()
    .cockpit.eventsOf(canaryId)
    .map((event) => (event.type === 'step' ? `step:${event.data.weight}` : event.type));
}

describe('progressive delivery through a real HAProxy', { timeout: 180_000 }, () => {
  it('moves real traffic step by step, holds at pause: {} while healthy, and promote_canary finishes it', async () => {
    const { cockpit } = running();
    const model = MODELS.steps;
    const canaryId = await startCanary(model, HEALTHY_TARGETS);

    await cockpit.nextEvent(canaryId, 'paused');
    expect(typesOf(canaryId)).toEqual(['started', 'step:25', 'paused']);
    expect(await weightsOf(model)).toEqual([25, 75]);
    await expectSplit(model, 25);

    // Healthy samples keep coming while it waits for a person; none of them moves it on.
    const metricsSoFar = cockpit
      .eventsOf(canaryId, { metrics: true })
      .filter((e) => e.type === 'metric').length;
    await cockpit.nextEvent(canaryId, 'metric', metricsSoFar + 2);
    expect(await cockpit.ok('get_canary', { canaryId })).toMatchObject({
      status: 'paused',
      decision: null,
      traffic: { weight: 25, stepIndex: 1 },
    });
    expect(typesOf(canaryId)).toEqual(['started', 'step:25', 'paused']);

    const resumed = await cockpit.ok('promote_canary', { canaryId });
    expect(resumed).toMatchObject({ status: 'running', traffic: { weight: 50 } });
    expect(await weightsOf(model)).toEqual([50, 50]);
    await expectSplit(model, 50);
    // Still 50 after the requests: the timed pause had not ended, so all of them ran at 50 %.
    expect(await weightsOf(model), 'the timed pause ended while traffic was measured').toEqual([50, 50]);

    const promoted = await cockpit.nextEvent(canaryId, 'promoted');
    expect(promoted.data).toMatchObject({ rule: 'steps_completed', toGate: GATES.toGate });
    // The last setWeight (100) is the promotion itself: the router moves all traffic, the weight is
    // published as a step like the others, then `promoted`.
    expect(typesOf(canaryId)).toEqual([
      'started',
      'step:25',
      'paused',
      'resumed',
      'step:50',
      'step:100',
      'promoted',
    ]);
    expect(await cockpit.ok('get_canary', { canaryId })).toMatchObject({
      status: 'promoted',
      decision: { outcome: 'promote', rule: 'steps_completed' },
      traffic: { weight: 100 },
    });
    expect(await weightsOf(model)).toEqual([100, 0]);
    await expectSplit(model, 100);
  });

  it('promote_canary {full: true} from a pause promotes at once, audited as in full', async () => {
    const { cockpit } = running();
    const model = MODELS.full;
    const canaryId = await startCanary(model, HEALTHY_TARGETS);
    await cockpit.nextEvent(canaryId, 'paused');
    await expectSplit(model, 25);

    const promoted = await cockpit.ok('promote_canary', { canaryId, full: true });
    expect(promoted).toMatchObject({
      status: 'promoted',
      decision: { outcome: 'promote', rule: 'steps_completed' },
      traffic: { weight: 100 },
    });
    expect(await weightsOf(model)).toEqual([100, 0]);
    await expectSplit(model, 100);
    await cockpit.nextEvent(canaryId, 'promoted');
    expect(typesOf(canaryId)).toEqual(['started', 'step:25', 'paused', 'resumed', 'step:100', 'promoted']);

    const db = new Database(cockpit.databaseFile, { readonly: true });
    const audits = db
      .prepare('SELECT action, details FROM audits WHERE entity_id = ? ORDER BY id')
      .all(canaryId) as { action: string; details: string }[];
    db.close();
    const full = audits.filter((audit) => audit.action === 'canary.promoted_in_full');
    expect(full).toHaveLength(1);
    expect(JSON.parse(full[0]?.details ?? '{}')).toMatchObject({ full: true, weight: 25 });
    expect(audits.map((audit) => audit.action)).not.toContain('canary.resumed');
  });

  it('rolls back on a breach, with HAProxy already at 0 for toGate when rolled_back arrives on /sse', async () => {
    const { cockpit } = running();
    const model = MODELS.breach;
    const canaryId = await startCanary(model, BREACHING_TARGETS);

    const rolledBack = await cockpit.nextEvent(canaryId, 'rolled_back');
    expect(rolledBack.data).toMatchObject({ rule: 'breach_limit' });
    expect(typesOf(canaryId)).toContain('step:25');
    // Weight 0 is published as a step before the rollback, as the router took it.
    expect(typesOf(canaryId).slice(-2)).toEqual(['step:0', 'rolled_back']);
    expect(await weightsAtRollback.get(canaryId)).toEqual(['0 (initial 1)', '100 (initial 1)']);
    expect(await cockpit.ok('get_canary', { canaryId })).toMatchObject({
      status: 'rolled_back',
      decision: { outcome: 'rollback', rule: 'breach_limit' },
      traffic: { weight: 0 },
    });
    await expectSplit(model, 0);
  });
});

describe('progressive delivery: bad input', { timeout: 180_000 }, () => {
  it('refuses promote_canary of an unknown, a running-not-paused and a decided canary, with their codes', async () => {
    const { cockpit } = running();
    const model = MODELS.bad;
    const text = (result: { content: readonly { text?: string }[] }) => result.content[0]?.text ?? '';

    const unknown = await cockpit.call('promote_canary', { canaryId: 'canary_doesnotexist' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/canary_doesnotexist.*\[CANARY_NOT_FOUND\]$/);

    const canaryId = await startCanary(model, HEALTHY_TARGETS, [
      { setWeight: 10 },
      { pause: { seconds: 300 } },
    ]);
    await cockpit.nextEvent(canaryId, 'step');
    const notPaused = await cockpit.call('promote_canary', { canaryId });
    expect(notPaused.isError).toBe(true);
    expect(text(notPaused)).toMatch(
      /is not paused: it is running at step 2 of 2 \(10%\).*\[CANARY_NOT_PAUSED\]$/,
    );

    await cockpit.ok('abort_canary', { canaryId, reason: 'bad-input test' });
    const decided = await cockpit.call('promote_canary', { canaryId, full: true });
    expect(decided.isError).toBe(true);
    expect(text(decided)).toMatch(/\[CANARY_ALREADY_DECIDED\]$/);
    expect(await weightsOf(model)).toEqual([0, 100]);
  });

  it("refuses start_canary for a backend or a server HAProxy does not know, with HAProxy's message, storing nothing", async () => {
    const { cockpit } = running();
    const before = await cockpit.ok('list_canaries', {});
    const steps = [{ setWeight: 10 }];

    const noBackend = await cockpit.call('start_canary', {
      modelId: 'no-such-backend',
      ...GATES,
      policy: policy(HEALTHY_TARGETS, steps),
    });
    expect(noBackend.isError).toBe(true);
    expect(noBackend.content[0]?.text).toMatch(
      /^the haproxy traffic router cannot drive model no-such-backend \(staging → production\): HAProxy refused "get weight no-such-backend\/production": No such backend\. \[ROUTE_REFUSED\]$/,
    );

    const noServer = await cockpit.call('start_canary', {
      modelId: MODELS.bad,
      fromGate: GATES.fromGate,
      toGate: 'shadow',
      policy: policy(HEALTHY_TARGETS, steps),
    });
    expect(noServer.isError).toBe(true);
    expect(noServer.content[0]?.text).toContain(
      `HAProxy refused "get weight ${MODELS.bad}/shadow": No such server.`,
    );

    expect(await cockpit.ok('list_canaries', {})).toEqual(before);
    const metrics = await (await fetch(`${cockpit.server.url}/metrics`)).text();
    expect(metrics).toContain(
      'cockpit_traffic_router_calls_total{router="haproxy",call="check",outcome="refused"} 2',
    );
    expect(metrics).toContain(
      'cockpit_traffic_router_calls_total{router="haproxy",call="probe",outcome="ok"} 1',
    );
    expect(metrics).toMatch(
      /cockpit_traffic_router_calls_total\{router="haproxy",call="set_weight",outcome="ok"\} [1-9]/,
    );
  });

  it('exits 2 naming LUKHAS_HAPROXY_SOCKET when the socket does not exist, writing nothing', async () => {
    const tempDirs = createTempDirs();
    try {
      const dir = tempDirs.make('cockpit-no-haproxy-');
      const databaseFile = path.join(dir, 'cockpit.db');
      const missing = path.join(dir, 'missing.sock');
      await expect(
        startMainProcess({
          HOST: '127.0.0.1',
          LUKHAS_MCP_DB: databaseFile,
          LUKHAS_TRAFFIC_ROUTER: 'haproxy',
          LUKHAS_HAPROXY_SOCKET: missing,
          LUKHAS_CANARY_WEBHOOK_RETRIES: '0',
        }),
      ).rejects.toThrow(
        new RegExp(
          `^server exited \\(2\\):[\\s\\S]*cannot start: LUKHAS_HAPROXY_SOCKET: HAProxy runtime API at ${missing}: no socket there \\(ENOENT\\)`,
        ),
      );
      expect(existsSync(databaseFile)).toBe(false);
    } finally {
      tempDirs.removeAll();
    }
  });
});
