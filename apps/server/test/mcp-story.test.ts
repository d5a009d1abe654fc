/**
 * The whole story through MCP alone, as an assistant would drive it: run an eval and see it
 * complete; a canary that promotes; one that breaches and rolls back; why and why_math explaining
 * both; an abort. The SLO monitor is the stub: healthy by default, scripted to breach for one model.
 */
import { waitFor } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestClient, type ToolCallResult, v1Kind, v2Kind } from './mcp-clients.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const STORY_KINDS = [v1Kind('2025-11-25'), v2Kind('2026-07-28')];

function data(result: ToolCallResult): Record<string, unknown> {
  expect(result.isError, result.content[0]?.text).toBeFalsy();
  return result.structuredContent ?? {};
}

async function untilDecided(client: TestClient, canaryId: string): Promise<Record<string, unknown>> {
  return waitFor(
    async () => {
      const canary = data(await client.callTool('get_canary', { canaryId }));
      return canary.status === 'running' ? undefined : canary;
    },
    { timeoutMs: 15_000, intervalMs: 150, message: `canary ${canaryId} to be decided` },
  );
}

// Short canary windows: 2 s sampled every 0.5 s (4 samples, 3 real ones needed to promote).
const SHORT_POLICY = { windowSeconds: 2, intervalSeconds: 0.5, minSamples: 3 };

describe.each(STORY_KINDS)('the story through MCP alone ($label)', (kind) => {
  let server: McpTestServer;
  let client: TestClient;
  const healthy = `healthy-${kind.expectedVersion}`;
  const breaching = `breaching-${kind.expectedVersion}`;

  beforeAll(async () => {
    server = await startMcpTestServer();
    // From its second sample on, the breaching model's production p95 is 900 ms (target 500).
    server.monitor.set({ modelId: breaching, gate: 'production' }, (sampleIndex) =>
      sampleIndex >= 1 ? { latency_p95_ms: 900 } : { latency_p95_ms: 180 },
    );
    client = await kind.connect(server.url);
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('runs an eval and sees it complete', async () => {
    const queued = data(
      await client.callTool('run_eval', { taskId: 'lukhas-agi-stress', configId: 'cfg-7' }),
    );
    expect(queued.status).toBe('queued');
    const finished = data(
      await client.callTool('run_eval', { taskId: 'lukhas-agi-stress', configId: 'cfg-8', wait: true }),
    );
    expect(finished).toMatchObject({
      status: 'completed',
      progress: 1,
      result: { simulated: true, taskId: 'lukhas-agi-stress' },
    });
    const first = data(await client.callTool('get_job', { jobId: queued.jobId }));
    expect(first.status).toBe('completed');
    const story = (await client.callTool('why', { id: queued.jobId })).content[0]?.text ?? '';
    expect(story).toMatch(
      /eval "lukhas-agi-stress" → queued for processing\n.*eval "lukhas-agi-stress" → running/,
    );
    expect(story).toMatch(/→ completed successfully( \([^)]+\))?$/);
  });

  it('promotes a healthy canary, rolls back a breaching one, and explains both', async () => {
    const targets = { latency_p95_ms: 500, max_error_rate: 0.02 };
    const [good, bad] = await Promise.all([
      client.callTool('start_canary', {
        modelId: healthy,
        fromGate: 'stage',
        toGate: 'production',
        ...SHORT_POLICY,
        targets,
      }),
      client.callTool('start_canary', {
        modelId: breaching,
        fromGate: 'stage',
        toGate: 'production',
        policy: { ...SHORT_POLICY, targets },
      }),
    ]);
    const goodId = String(data(good).canaryId);
    const badId = String(data(bad).canaryId);

    const [promoted, rolledBack] = await Promise.all([
      untilDecided(client, goodId),
      untilDecided(client, badId),
    ]);
    expect(promoted).toMatchObject({
      status: 'promoted',
      decision: { outcome: 'promote', rule: 'window_elapsed' },
    });
    expect(promoted.samples).toHaveLength(4);
    expect(rolledBack).toMatchObject({
      status: 'rolled_back',
      decision: { outcome: 'rollback', rule: 'breach_limit' },
    });
    expect(rolledBack.samples).toHaveLength(2);

    const goodStory = (await client.callTool('why', { id: goodId })).content[0]?.text ?? '';
    expect(goodStory).toMatch(new RegExp(`canary ${healthy} → stage to production \\(SLO monitoring\\)`));
    expect(goodStory).toMatch(new RegExp(`promoted ${healthy} → production \\(lat=\\d+ms, err=`));
    const badStory = (await client.callTool('why', { id: badId })).content[0]?.text ?? '';
    expect(badStory).toMatch(new RegExp(`rolled back ${breaching}`));
    expect(badStory).toMatch(/900/);

    const goodMath = data(await client.callTool('why_math', { id: goodId }));
    expect(goodMath).toMatchObject({
      decided: true,
      status: 'promoted',
      rule: 'window_elapsed',
      outcome: 'promote',
      thresholds: targets,
      counts: { samples: 4, real: 4, breaches: 0 },
      firstBreachAt: null,
      breachToActionSeconds: null,
    });
    const badMath = data(await client.callTool('why_math', { id: badId }));
    expect(badMath).toMatchObject({
      decided: true,
      status: 'rolled_back',
      rule: 'breach_limit',
      outcome: 'rollback',
      decidingSample: 2,
      counts: { samples: 2, breaches: 1 },
      breachToActionSeconds: 0,
    });
    const breachingSample = (badMath.samples as { seq: number; breaches: unknown[] }[])[1];
    expect(breachingSample?.breaches).toEqual([{ metric: 'latency_p95_ms', value: 900, target: 500 }]);
    expect(String(badMath.explanation)).toMatch(/latency_p95_ms 900 > 500/);

    // A model id explains its latest canary.
    expect(data(await client.callTool('why_math', { id: healthy }))).toMatchObject({
      canaryId: goodId,
      modelId: healthy,
    });
    const modelStory = (await client.callTool('why', { id: healthy })).content[0]?.text ?? '';
    expect(modelStory).toMatch(/promoted/);
  });

  it('aborts a running canary, and why/why_math say who and why', async () => {
    const started = data(
      await client.callTool('start_canary', {
        modelId: `aborted-${kind.expectedVersion}`,
        fromGate: 'stage',
        toGate: 'production',
        windowSeconds: 60,
        intervalSeconds: 1,
        targets: { latency_p95_ms: 500 },
      }),
    );
    const running = data(await client.callTool('why_math', { id: started.canaryId }));
    expect(running).toMatchObject({ decided: false, status: 'running', rule: null, outcome: null });

    const aborted = data(
      await client.callTool('abort_canary', { canaryId: started.canaryId, reason: 'manual override' }),
    );
    expect(aborted).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'abort', reason: 'manual override' },
    });
    const again = await client.callTool('abort_canary', { canaryId: started.canaryId });
    expect(again.isError).toBe(true);
    expect(again.content[0]?.text).toMatch(/CANARY_ALREADY_DECIDED/);

    const story = (await client.callTool('why', { id: started.canaryId })).content[0]?.text ?? '';
    expect(story).toMatch(/manual override/);
    expect(data(await client.callTool('why_math', { id: started.canaryId }))).toMatchObject({
      decided: true,
      rule: 'abort',
      outcome: 'rollback',
    });

    const job = data(await client.callTool('run_eval', { taskId: 'not-a-canary' }));
    const refused = await client.callTool('why_math', { id: job.jobId });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(
      /is an evaluation job: why_math explains canary decisions; use why/,
    );
  });
});
