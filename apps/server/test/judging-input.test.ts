/**
 * Issue 13, bad input: the judging fields of start_canary (baseline, compare, dryRun,
 * targets.error_budget) are checked on /mcp before anything is stored; each refusal is an isError
 * result naming the field, and no canary, event or narrative line is left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import { postToolCall } from './post-tool-call.ts';

const KEY = 'k1';
const route = { modelId: 'judged-model', fromGate: 'stage', toGate: 'production' };
const targets = { latency_p95_ms: 500 };

const callTool = (url: string, name: string, args: Record<string, unknown>) =>
  postToolCall(url, KEY, name, args);

describe('start_canary with bad judging fields', () => {
  let server: McpTestServer;
  beforeAll(async () => {
    server = await startMcpTestServer({ env: { LUKHAS_MCP_API_KEYS: KEY } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    [
      'an unknown metric in compare',
      { policy: { targets, baseline: {}, compare: { latency_p99_ms: { maxIncreasePct: 10 } } } },
      'policy.compare.latency_p99_ms: unknown key "latency_p99_ms" in policy.compare',
    ],
    [
      'an increase above 100%',
      { policy: { targets, baseline: {}, compare: { latency_p95_ms: { maxIncreasePct: 150 } } } },
      'policy.compare.latency_p95_ms.maxIncreasePct: expected a percentage from 0 to 100, received 150',
    ],
    [
      'a negative increase',
      { policy: { targets, baseline: {}, compare: { error_rate: { maxIncrease: -0.01 } } } },
      'policy.compare.error_rate.maxIncrease: expected a number >= 0, received -0.01',
    ],
    [
      'compare without a baseline',
      { policy: { targets, compare: { latency_p95_ms: { maxIncreasePct: 10 } } } },
      'policy.compare: expected a baseline to compare with',
    ],
    [
      'an unknown metric in dryRun',
      { policy: { targets, dryRun: ['cpu'] } },
      'policy.dryRun.0: expected a metric name (latency_p95_ms, error_rate, drift), received "cpu"',
    ],
    [
      'an error budget slo of 1',
      { policy: { targets: { error_budget: { slo: 1, maxBurnRate: 14.4 } } } },
      'policy.targets.error_budget.slo: expected an SLO between 0 and 1 (exclusive), e.g. 0.999, received 1',
    ],
    [
      'a burn rate of 0',
      { policy: { targets: { error_budget: { slo: 0.999, maxBurnRate: 0 } } } },
      'policy.targets.error_budget.maxBurnRate: expected a burn rate > 0, e.g. 14.4, received 0',
    ],
    [
      'a baseline gate equal to the canary gate',
      { policy: { targets, baseline: { gate: 'production' } } },
      'policy.baseline.gate: expected a gate other than toGate (the canary\'s own gate), received "production"',
    ],
  ])('refuses %s as an isError result naming the field, storing nothing', async (_what, args, message) => {
    const eventsBefore = await server.cockpit.store.lastEventId();
    const answer = await callTool(server.url, 'start_canary', { ...route, ...args });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain(message);
    expect(await server.cockpit.store.listCanaries({})).toEqual([]);
    expect(await server.cockpit.store.lastEventId()).toBe(eventsBefore);
    expect(await server.cockpit.store.narrativeFor(route.modelId)).toEqual([]);
  });

  it('starts a canary with good judging fields, its baseline gate resolved to fromGate', async () => {
    const answer = await callTool(server.url, 'start_canary', {
      ...route,
      policy: {
        windowSeconds: 90,
        intervalSeconds: 30,
        targets: { error_budget: { slo: 0.999, maxBurnRate: 14.4 } },
        baseline: {},
        compare: { latency_p95_ms: { maxIncreasePct: 10 } },
        dryRun: ['latency_p95_ms'],
      },
    });
    expect(answer.isError).toBe(false);
    const started = JSON.parse(answer.text) as { canaryId: string; policy: Record<string, unknown> };
    expect(started.policy).toMatchObject({
      baseline: { gate: 'stage' },
      compare: { latency_p95_ms: { maxIncreasePct: 10 } },
      dryRun: ['latency_p95_ms'],
      targets: { error_budget: { slo: 0.999, maxBurnRate: 14.4 } },
    });
    const aborted = await callTool(server.url, 'abort_canary', {
      canaryId: started.canaryId,
      reason: 'test over',
    });
    expect(aborted.text).toContain('"status":"rolled_back"');
  });
});
