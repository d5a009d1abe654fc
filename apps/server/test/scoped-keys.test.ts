/**
 * Scoped API keys on a real cockpit (`LUKHAS_MCP_API_KEYS="ops-key,audit-key:read"`): the read key
 * reads everything (every official SDK client, plain curl-style JSON-RPC, /sse, /metrics, the
 * evidence export) and is refused every tool that changes something, with the scope named and
 * nothing stored; the unscoped key does everything; a bad list stops the process with exit code 2.
 */
import path from 'node:path';
import { createTempDirs, waitFor } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorLabel } from '../src/http/index.ts';
import { startMainProcess } from './main-process.ts';
import { CLIENT_KINDS, structuredOf as structured, type TestClient, v2Kind } from './mcp-clients.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import { postToolCall } from './post-tool-call.ts';

const OPS_KEY = 'ops-key';
const READ_KEY = 'audit-key';
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** The operate tools with arguments that would work for the unscoped key. */
function operateCalls(ids: { jobId: string; canaryId: string }): [string, Record<string, unknown>][] {
  return [
    ['run_eval', { taskId: 'demo' }],
    ['cancel_job', { jobId: ids.jobId, reason: 'read key tried' }],
    [
      'start_canary',
      {
        modelId: 'read-key-model',
        fromGate: 'stage',
        toGate: 'production',
        targets: { latency_p95_ms: 500 },
      },
    ],
    ['abort_canary', { canaryId: ids.canaryId, reason: 'read key tried' }],
    ['promote_canary', { canaryId: ids.canaryId, full: true }],
  ];
}

const refusal = (tool: string) => `${tool} needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]`;

let server: McpTestServer;
let ops: TestClient;
/** A queued job (one job at a time, the first one long) and a canary paused at `pause: {}`. */
let ids: { jobId: string; canaryId: string };

/** Everything the refused calls could have changed, read with the unscoped key. */
async function storedState(): Promise<unknown> {
  const jobs = structured(await ops.callTool('list_jobs', { limit: 500 }));
  const canaries = structured(await ops.callTool('list_canaries', { limit: 500 }));
  const story = structured(await ops.callTool('why', { id: ids.canaryId }));
  // The queued job's progress and the paused canary's samples move on by themselves; what the
  // refused calls could change is which jobs and canaries exist, their status, traffic and audits.
  const strip = (records: unknown) =>
    (records as Record<string, unknown>[]).map(
      ({ canaryId, jobId, status, traffic, operator, decision }) => ({
        canaryId,
        jobId,
        status,
        traffic,
        operator,
        decision,
      }),
    );
  const audits = (story.lines as string[]).filter((line) => !line.includes(' → sample '));
  return { jobs: strip(jobs.jobs), canaries: strip(canaries.canaries), audits };
}

beforeAll(async () => {
  server = await startMcpTestServer({
    env: { LUKHAS_MCP_API_KEYS: `${OPS_KEY},${READ_KEY}:read`, LUKHAS_MAX_CONCURRENT_JOBS: '1' },
    // The first job runs for minutes, so the second stays queued for cancel_job.
    demo: { steps: 600, stepMs: 500 },
  });
  ops = await v2Kind('2026-07-28').connect(server.url, bearer(OPS_KEY));
  structured(await ops.callTool('run_eval', { taskId: 'demo' }));
  const queued = structured(await ops.callTool('run_eval', { taskId: 'demo' }));
  const canary = structured(
    await ops.callTool('start_canary', {
      modelId: 'scoped-model',
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds: 600,
      intervalSeconds: 0.5,
      targets: { latency_p95_ms: 500, max_error_rate: 0.05 },
      steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 100 }],
    }),
  );
  ids = { jobId: String(queued.jobId), canaryId: String(canary.canaryId) };
  // Paused at the human gate: promote_canary would move it, so a refusal that leaks would show.
  await waitFor(
    async () => structured(await ops.callTool('get_canary', { canaryId: ids.canaryId })).status === 'paused',
    { timeoutMs: 60_000, message: 'the canary paused at its pause: {} step' },
  );
}, 120_000);

afterAll(async () => {
  await ops?.close();
  await server?.close();
});

describe.each(CLIENT_KINDS)('a read-only key with the $label client', (kind) => {
  let client: TestClient;

  beforeAll(async () => {
    client = await kind.connect(server.url, bearer(READ_KEY));
  });

  afterAll(async () => {
    await client?.close();
  });

  it('still sees every tool in tools/list (calls are refused, not hidden)', async () => {
    expect((await client.listTools()).map((tool) => tool.name)).toContain('promote_canary');
    expect(await client.listTools()).toHaveLength(13);
  });

  it('uses search, fetch, get_*, list_*, why and why_math', async () => {
    const found = structured(await client.callTool('search', { query: 'canary rollback' }));
    expect((found.results as { id: string }[])[0]?.id).toBe('docs/canary-rollback.md');
    expect(structured(await client.callTool('fetch', { id: 'docs/canary-rollback.md' })).title).toBe(
      'Canary rollback',
    );
    expect(structured(await client.callTool('get_job', { jobId: ids.jobId })).status).toBe('queued');
    expect((structured(await client.callTool('list_jobs', {})).jobs as unknown[]).length).toBe(2);
    expect(structured(await client.callTool('get_canary', { canaryId: ids.canaryId })).status).toBe('paused');
    expect(structured(await client.callTool('list_canaries', {})).canaries).toHaveLength(1);
    expect(structured(await client.callTool('why', { id: ids.canaryId })).lines).not.toHaveLength(0);
    expect(structured(await client.callTool('why_math', { id: ids.canaryId })).canaryId).toBe(ids.canaryId);
  });

  it('is refused each operate tool with the scope named, and nothing is stored', async () => {
    const before = await storedState();
    for (const [tool, args] of operateCalls(ids)) {
      const result = await client.callTool(tool, args);
      expect(result.isError, tool).toBe(true);
      expect(result.structuredContent, tool).toBeUndefined();
      expect(result.content[0]?.text, tool).toBe(refusal(tool));
    }
    expect(await storedState()).toEqual(before);
  });
});

describe('a read-only key over plain HTTP', () => {
  it('is refused each operate tool as a curl user sends it (bare JSON-RPC), with the scope named', async () => {
    const before = await storedState();
    for (const [tool, args] of operateCalls(ids)) {
      // As the seeds' curl does: no Accept for MCP, curl's form Content-Type (the curl-compat path).
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { accept: '*/*', 'content-type': 'application/x-www-form-urlencoded', ...bearer(READ_KEY) },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method: 'tools/call',
          params: { name: tool, arguments: args },
        }),
      });
      expect(response.status, tool).toBe(200);
      const body = (await response.json()) as { result: { isError: boolean; content: { text: string }[] } };
      expect(body.result.isError, tool).toBe(true);
      expect(body.result.content[0]?.text, tool).toBe(refusal(tool));
      // And as an MCP-aware HTTP client sends it.
      const posted = await postToolCall(server.url, READ_KEY, tool, args);
      expect(posted.isError, tool).toBe(true);
      expect(posted.text, tool).toBe(refusal(tool));
    }
    expect(await storedState()).toEqual(before);
  });

  it('reads /sse, /metrics and the evidence export', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${server.base}/sse?topic=*&key=${READ_KEY}`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    controller.abort();

    const metrics = await fetch(`${server.base}/metrics`, { headers: bearer(READ_KEY) });
    expect(metrics.status).toBe(200);
    // The refusals above are counted like any business failure of a tool.
    expect(await metrics.text()).toMatch(/tool="promote_canary",outcome="error"/);

    const evidence = await fetch(`${server.base}/evidence/export?from=1h`, {
      headers: { 'X-API-Key': READ_KEY },
    });
    expect(evidence.status).toBe(200);
    expect(evidence.headers.get('content-type')).toBe('application/zip');
    expect((await evidence.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});

describe('the unscoped key', () => {
  it('does everything the read key was refused, recorded under its own operator label', async () => {
    const promoted = structured(await ops.callTool('promote_canary', { canaryId: ids.canaryId, full: true }));
    expect(promoted.status).toBe('promoted');
    const cancelled = structured(await ops.callTool('cancel_job', { jobId: ids.jobId, reason: 'done' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', operator: operatorLabel(OPS_KEY) });
    const [[, runArgs], , [, startArgs]] = operateCalls(ids) as [
      [string, Record<string, unknown>],
      unknown,
      [string, Record<string, unknown>],
    ];
    const job = structured(await ops.callTool('run_eval', runArgs));
    expect(job.operator).toBe(operatorLabel(OPS_KEY));
    const canary = structured(await ops.callTool('start_canary', startArgs));
    const aborted = structured(
      await ops.callTool('abort_canary', { canaryId: String(canary.canaryId), reason: 'test over' }),
    );
    expect(aborted.status).toBe('rolled_back');
    const story = structured(await ops.callTool('why', { id: ids.canaryId })).lines as string[];
    // The audit names the key's label, never the key.
    expect(story.join('\n')).not.toContain(OPS_KEY);
  });
});

describe('a bad LUKHAS_MCP_API_KEYS', { timeout: 180_000 }, () => {
  const tempDirs = createTempDirs();
  afterAll(() => tempDirs.removeAll());

  it('stops the process with exit code 2, naming the variable and the entry, never the key', async () => {
    const attempt = startMainProcess({
      LUKHAS_MCP_API_KEYS: 'prod-s3cret,audit-s3cret:admin',
      LUKHAS_MCP_DB: path.join(tempDirs.make('cockpit-keys-'), 'x.db'),
    });
    const error = await attempt.then(
      () => new Error('expected the server to exit'),
      (thrown: unknown) => thrown as Error,
    );
    expect(error.message).toMatch(
      /^server exited \(2\):[\s\S]*cannot start: LUKHAS_MCP_API_KEYS entry 2 has an unknown scope/,
    );
    expect(error.message).not.toContain('s3cret');
  });
});
