import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, type ProgressUpdate, type TestClient, type ToolCallResult } from './mcp-clients.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const TOOL_ORDER = [
  'search',
  'fetch',
  'run_eval',
  'get_job',
  'list_jobs',
  'cancel_job',
  'start_canary',
  'get_canary',
  'list_canaries',
  'abort_canary',
  'promote_canary',
  'why',
  'why_math',
];
const READ_ONLY = [
  'search',
  'fetch',
  'get_job',
  'list_jobs',
  'get_canary',
  'list_canaries',
  'why',
  'why_math',
];
const DESTRUCTIVE = ['cancel_job', 'abort_canary'];

/** The JSON of content[0].text, after checking it is the one text item and equals structuredContent. */
function structured(result: ToolCallResult): Record<string, unknown> {
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  expect(result.content).toHaveLength(1);
  expect(result.content[0]?.type).toBe('text');
  expect(JSON.parse(result.content[0]?.text ?? '')).toEqual(result.structuredContent);
  return result.structuredContent ?? {};
}

function failureText(result: ToolCallResult): string {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  return result.content[0]?.text ?? '';
}

// Every client and revision gets the same server behaviour (one server each, so state never leaks).
describe.each(CLIENT_KINDS)('MCP over Streamable HTTP with the $label client', (kind) => {
  let server: McpTestServer;
  let client: TestClient;
  const modelId = `model-${kind.expectedVersion}-${kind.label.startsWith('v1') ? 'v1' : 'v2'}`;

  beforeAll(async () => {
    // One job at a time, each 4 × 120 ms: a second job stays queued long enough to cancel it.
    server = await startMcpTestServer({
      env: { LUKHAS_MAX_CONCURRENT_JOBS: '1' },
      demo: { steps: 4, stepMs: 120 },
    });
    client = await kind.connect(server.url);
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it(`settles on protocol ${kind.expectedVersion}`, () => {
    expect(client.protocolVersion).toBe(kind.expectedVersion);
  });

  it('lists the tools in contract order, each with a description, schemas and annotations', async () => {
    const tools = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(TOOL_ORDER);
    for (const tool of tools) {
      expect(tool.description?.length ?? 0, tool.name).toBeGreaterThan(60);
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(READ_ONLY.includes(tool.name));
      if (!READ_ONLY.includes(tool.name)) {
        expect(tool.annotations?.destructiveHint, tool.name).toBe(DESTRUCTIVE.includes(tool.name));
      }
    }
    const fetchTool = tools.find((tool) => tool.name === 'fetch');
    expect(fetchTool?.inputSchema.required).toEqual(['id']);
    const startCanary = tools.find((tool) => tool.name === 'start_canary');
    expect(Object.keys(startCanary?.inputSchema.properties as object)).toEqual(
      expect.arrayContaining(['windowSeconds', 'targets', 'policy', 'sloPolicy', 'webhooks']),
    );
  });

  it('searches and fetches the repository documents', async () => {
    const found = structured(await client.callTool('search', { query: 'canary rollback' }));
    const results = found.results as { id: string; title: string; url: string }[];
    expect(results[0]).toMatchObject({ id: 'docs/canary-rollback.md', title: 'Canary rollback' });
    const document = structured(await client.callTool('fetch', { id: 'docs/canary-rollback.md' }));
    expect(document).toMatchObject({ id: 'docs/canary-rollback.md', title: 'Canary rollback' });
    expect(document.text).toContain('# Canary rollback');
    expect(document.metadata).toMatchObject({ path: 'docs/canary-rollback.md' });
    expect(failureText(await client.callTool('fetch', { id: '../secret.md' }))).toContain(
      'PATH_OUTSIDE_ROOT',
    );
  });

  it('runs, reads, lists and cancels evaluation jobs', async () => {
    const first = structured(await client.callTool('run_eval', { taskId: 'demo', configId: 'default' }));
    expect(first).toMatchObject({ status: 'queued', taskId: 'demo', configId: 'default', operator: 'local' });
    const jobId = String(first.jobId);
    expect(jobId).toMatch(/^job_/);
    const second = structured(await client.callTool('run_eval', { taskId: 'demo' }));
    const cancelled = structured(
      await client.callTool('cancel_job', { jobId: second.jobId, reason: 'wrong config' }),
    );
    expect(cancelled).toMatchObject({ jobId: second.jobId, status: 'cancelled', error: 'wrong config' });
    expect(structured(await client.callTool('get_job', { jobId }))).toMatchObject({ jobId, taskId: 'demo' });
    const listed = structured(await client.callTool('list_jobs', { limit: 10 }));
    expect((listed.jobs as { jobId: string }[]).map((job) => job.jobId)).toEqual([second.jobId, jobId]);
    const onlyCancelled = structured(await client.callTool('list_jobs', { status: 'cancelled' }));
    expect(onlyCancelled.jobs).toHaveLength(1);
    const story = await client.callTool('why', { id: second.jobId });
    expect(story.content[0]?.text).toMatch(/cancelled by operator: wrong config/);
  });

  it('streams notifications/progress while run_eval waits, then answers the finished job', async () => {
    const updates: ProgressUpdate[] = [];
    const result = await client.callTool(
      'run_eval',
      { taskId: 'progress-demo', wait: true },
      { onprogress: (update) => updates.push(update) },
    );
    const job = structured(result);
    expect(job).toMatchObject({ status: 'completed', progress: 1, wait: { outcome: 'ended' } });
    expect((job.result as { simulated: boolean }).simulated).toBe(true);
    expect(updates.length).toBeGreaterThanOrEqual(3);
    const values = updates.map((update) => update.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);
    expect(updates.at(-1)).toMatchObject({ progress: 1, total: 1 });
    expect(updates.some((update) => update.message?.includes('simulated step'))).toBe(true);
  });

  it('starts, reads, lists and aborts a canary, and explains it with why and why_math', async () => {
    const started = structured(
      await client.callTool('start_canary', {
        modelId,
        fromGate: 'stage',
        toGate: 'production',
        sloPolicy: { latency_p95_ms: 800, error_rate: 0.01 },
      }),
    );
    expect(started).toMatchObject({ modelId, status: 'running', fromGate: 'stage', toGate: 'production' });
    expect(started.policy).toMatchObject({
      windowSeconds: 300,
      targets: { latency_p95_ms: 800, max_error_rate: 0.01 },
    });
    const canaryId = String(started.canaryId);
    expect(structured(await client.callTool('get_canary', { canaryId }))).toMatchObject({
      canaryId,
      samples: [],
    });
    const listed = structured(await client.callTool('list_canaries', { modelId }));
    expect((listed.canaries as { canaryId: string }[]).map((canary) => canary.canaryId)).toEqual([canaryId]);
    const aborted = structured(
      await client.callTool('abort_canary', { canaryId, reason: 'manual override' }),
    );
    expect(aborted).toMatchObject({
      status: 'rolled_back',
      decision: { outcome: 'rollback', rule: 'abort', reason: 'manual override' },
    });
    const why = await client.callTool('why', { id: canaryId });
    expect(why.isError).toBeFalsy();
    expect(why.content).toHaveLength(1);
    const lines = why.content[0]?.text?.split('\n') ?? [];
    expect(lines).toEqual(why.structuredContent?.lines);
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d\] canary .* → stage to production/);
    const math = structured(await client.callTool('why_math', { id: canaryId }));
    expect(math).toMatchObject({ canaryId, decided: true, rule: 'abort', outcome: 'rollback' });
    expect(math.thresholds).toEqual({ latency_p95_ms: 800, max_error_rate: 0.01 });
  });

  it('names the argument and what was expected when arguments are bad', async () => {
    expect(failureText(await client.callTool('get_job', { jobId: 42 }))).toMatch(
      /Invalid arguments for tool get_job: jobId: expected jobId to be a string/,
    );
    expect(failureText(await client.callTool('get_job', {}))).toMatch(
      /jobId: missing: this argument is required/,
    );
    expect(failureText(await client.callTool('list_jobs', { status: 'done' }))).toMatch(
      /status: expected status to be one of queued, running, completed, failed, cancelled/,
    );
    expect(failureText(await client.callTool('get_job', { jobID: 'job_1' }))).toMatch(
      /jobID: unknown argument; the arguments are: jobId/,
    );
    const policy = failureText(
      await client.callTool('start_canary', {
        modelId,
        fromGate: 'stage',
        toGate: 'production',
        policy: { windowSeconds: -5, targets: { latency_p99_ms: 300 } },
      }),
    );
    expect(policy).toMatch(/policy\.windowSeconds: expected a number of seconds > 0, received -5/);
    expect(policy).toMatch(/policy\.targets\.latency_p99_ms: unknown key "latency_p99_ms"/);
  });

  it('answers unknown ids as isError results and unknown tools as JSON-RPC errors', async () => {
    expect(failureText(await client.callTool('get_job', { jobId: 'job_nope' }))).toMatch(/JOB_NOT_FOUND/);
    expect(failureText(await client.callTool('get_canary', { canaryId: 'canary_nope' }))).toMatch(
      /CANARY_NOT_FOUND/,
    );
    expect(failureText(await client.callTool('abort_canary', { canaryId: 'canary_nope' }))).toMatch(
      /no canary with id canary_nope \[CANARY_NOT_FOUND\]/,
    );
    expect(failureText(await client.callTool('why', { id: 'nothing-here' }))).toMatch(/nothing recorded/);
    expect(failureText(await client.callTool('why_math', { id: 'nothing-here' }))).toMatch(
      /nothing recorded/,
    );
    await expect(client.callTool('no_such_tool', {})).rejects.toThrow(/no_such_tool/);
  });
});
