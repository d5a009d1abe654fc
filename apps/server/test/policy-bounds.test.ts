/**
 * Issue 10, findings 1-3: a canary policy that would exhaust the cockpit is refused on `/mcp`
 * before anything is stored, and a database holding one from before the bounds neither kills the
 * server at start nor blocks the model.
 */
import path from 'node:path';
import { parseCanaryRequest } from '@lukhas/core';
import { createTempDirs, type RunningServerProcess, waitFor } from '@lukhas/test-kit';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCockpitConfig } from '../src/config/index.ts';
import { openCockpit } from '../src/wiring.ts';
import { startMainProcess } from './main-process.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import { postToolCall } from './post-tool-call.ts';

const KEY = 'k1';
const route = { modelId: 'bounds-model', fromGate: 'stage', toGate: 'production' };
const targets = { latency_p95_ms: 500 };

const callTool = (url: string, name: string, args: Record<string, unknown>) =>
  postToolCall(url, KEY, name, args);

describe('start_canary on /mcp with the default bounds', () => {
  let server: McpTestServer;
  beforeAll(async () => {
    // The test server lowers the minimum interval for the other tests; here it is the default.
    server = await startMcpTestServer({ env: { LUKHAS_MCP_API_KEYS: KEY, LUKHAS_MIN_INTERVAL_MS: '1000' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    [
      { windowSeconds: 1e8, intervalSeconds: 1 },
      'windowSeconds: expected at most 604800 seconds (7 days), received 100000000',
    ],
    [{ windowSeconds: 1e9 }, 'windowSeconds: expected at most 604800 seconds (7 days), received 1000000000'],
    [
      { windowSeconds: 300, intervalSeconds: 1e-9 },
      'intervalSeconds: expected at least 1 second between samples',
    ],
    [
      { windowSeconds: 300, intervalSeconds: 0.001 },
      'intervalSeconds: expected at least 1 second between samples',
    ],
    [
      { policy: { windowSeconds: 604_800, intervalSeconds: 1, targets } },
      'policy.intervalSeconds: expected at least 60.48',
    ],
  ])('refuses %j as an isError result naming the field, storing nothing', async (policy, message) => {
    const answer = await callTool(server.url, 'start_canary', {
      ...route,
      ...policy,
      ...('policy' in policy ? {} : { targets }),
    });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain(message);
    expect(await server.cockpit.store.listCanaries({})).toEqual([]);
  });

  it('accepts a one-second interval, the default minimum', async () => {
    const answer = await callTool(server.url, 'start_canary', {
      ...route,
      windowSeconds: 10,
      intervalSeconds: 1,
      targets,
    });
    expect(answer.isError).toBe(false);
    expect(answer.text).toContain('"status":"running"');
    const { canaryId } = JSON.parse(answer.text) as { canaryId: string };
    const aborted = await callTool(server.url, 'abort_canary', { canaryId, reason: 'test over' });
    expect(aborted.text).toContain('"status":"rolled_back"');
  });
});

describe('start_canary with LUKHAS_MIN_INTERVAL_MS raised', () => {
  let server: McpTestServer;
  beforeAll(async () => {
    server = await startMcpTestServer({ env: { LUKHAS_MCP_API_KEYS: KEY, LUKHAS_MIN_INTERVAL_MS: '5000' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses an interval below the operator’s minimum', async () => {
    const answer = await callTool(server.url, 'start_canary', { ...route, intervalSeconds: 2, targets });
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('intervalSeconds: expected at least 5 seconds between samples');
  });
});

describe('a database holding a canary from before the bounds', { timeout: 90_000 }, () => {
  const servers: RunningServerProcess[] = [];
  const tempDirs = createTempDirs();
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill();
    tempDirs.removeAll();
  });

  // A cockpit stores a canary, then its row is rewritten to windowSeconds 1e8 every second, as a version
  // without the bounds accepted it (and then died of heap exhaustion at every start).
  async function poisonedDatabase(): Promise<{ file: string; canaryId: string }> {
    const dir = tempDirs.make('cockpit-bounds-');
    const file = path.join(dir, 'cockpit.db');
    const cockpit = await openCockpit(loadCockpitConfig({ LUKHAS_MCP_DB: file }, dir));
    const canary = await cockpit.canaries.start(
      parseCanaryRequest({ ...route, windowSeconds: 300, intervalSeconds: 30, targets }),
      'alice',
    );
    await cockpit.close();
    const db = new Database(file);
    db.prepare(
      "UPDATE canaries SET policy = json_set(policy, '$.windowSeconds', 1e8, '$.intervalSeconds', 1) WHERE id = ?",
    ).run(canary.canaryId);
    db.close();
    return { file, canaryId: canary.canaryId };
  }

  it('starts the server (heap capped at 128 MB), rolls the canary back with the reason and frees the model', async () => {
    const { file, canaryId } = await poisonedDatabase();
    const server = await startMainProcess(
      { LUKHAS_MCP_DB: file, LUKHAS_MCP_API_KEYS: KEY },
      { nodeOptions: ['--max-old-space-size=128'] },
    );
    servers.push(server);
    const url = `${server.url}/mcp`;
    // recover() ran before listening: the canary is being rolled back; wait for it to be stored.
    const canary = await waitFor(
      async () => {
        const stored = await callTool(url, 'get_canary', { canaryId });
        return stored.text.includes('"status":"running"') ? undefined : stored;
      },
      { timeoutMs: 60_000, intervalMs: 100, message: 'the poisoned canary to be rolled back' },
    );
    expect(canary.isError).toBe(false);
    expect(JSON.parse(canary.text)).toMatchObject({
      status: 'rolled_back',
      decision: {
        rule: 'abort',
        reason: expect.stringContaining(
          'its stored policy is out of bounds (policy.windowSeconds: expected at most 604800 seconds (7 days), received 100000000)',
        ),
      },
    });
    const again = await callTool(url, 'start_canary', {
      ...route,
      windowSeconds: 60,
      intervalSeconds: 10,
      minSamples: 1,
      targets,
    });
    expect(again.text).toContain('"status":"running"');
  });
});
