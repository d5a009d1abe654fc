/**
 * The direct path of `/mcp` (`src/mcp/direct-tool-call.ts`) answers exactly what the SDK answers:
 * the same requests go to two apps over one real cockpit (a file database, a decided canary, a
 * finished job, the sample repository, file operations on), one with the direct path and one
 * without, and status, content type and body must be equal, as must what `/metrics` hears. The
 * cases cover every read-only tool, its failures and refusals, and the shapes that must fall back.
 */
import { waitFor } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { parseApiKeys, parseSecurityConfig } from '../src/config/index.ts';
import { healthyHealth } from '../src/health-fixture.ts';
import type { ToolCall } from '../src/mcp/index.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import { callToolOk } from './post-tool-call.ts';

const OPERATE = 'k-operate';
const READ = 'k-read';

let server: McpTestServer;
let jobId: string;
let canaryId: string;
let documentId: string;
const direct = { calls: [] as ToolCall[], app: undefined as unknown as ReturnType<typeof createApp> };
const sdk = { calls: [] as ToolCall[], app: undefined as unknown as ReturnType<typeof createApp> };

beforeAll(async () => {
  server = await startMcpTestServer({
    env: { LUKHAS_MCP_API_KEYS: `${OPERATE},${READ}:read`, LUKHAS_FILE_OPS: '1' },
  });
  const job = await callToolOk(server.base, OPERATE, 'run_eval', { taskId: 'smoke', wait: true });
  jobId = String(job.jobId);
  const canary = await callToolOk(server.base, OPERATE, 'start_canary', {
    modelId: 'direct-path-model',
    fromGate: 'stage',
    toGate: 'production',
    windowSeconds: 1,
    intervalSeconds: 0.2,
    targets: { latency_p95_ms: 500 },
  });
  canaryId = String(canary.canaryId);
  // Decided, so get_canary and why_math show samples and the decision's math.
  await waitFor(
    async () => {
      const { status } = await callToolOk(server.base, OPERATE, 'get_canary', { canaryId });
      return status === 'promoted' || status === 'rolled_back';
    },
    { timeoutMs: 20_000 },
  );
  const found = await callToolOk(server.base, OPERATE, 'search', { query: 'canary' });
  documentId = String((found.results as { id: string }[])[0]?.id);
  for (const side of [direct, sdk]) {
    side.app = createApp({
      security: parseSecurityConfig(
        {},
        { bindHost: '127.0.0.1', apiKeys: parseApiKeys({ LUKHAS_MCP_API_KEYS: `${OPERATE},${READ}:read` }) },
      ),
      health: healthyHealth({ mode: 'stub', fallbackSince: () => null }, '0'),
      mcp: {
        cockpit: server.cockpit,
        version: '0.0.0-test',
        metrics: { toolCalled: (call) => side.calls.push(call) },
        directToolCalls: side === direct,
      },
    });
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
});

interface Exchange {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

async function send(
  app: ReturnType<typeof createApp>,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Exchange> {
  const response = await app.request('http://127.0.0.1/mcp', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${OPERATE}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: parsed(text) };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// The parts of a metrics record that do not depend on timing.
const outcomes = (calls: ToolCall[]) => calls.map(({ tool, outcome }) => ({ tool, outcome }));

/** Sends `body` to both apps; they must answer the same, and /metrics must hear the same. */
async function expectSameAnswer(body: unknown, headers: Record<string, string> = {}): Promise<Exchange> {
  direct.calls.length = 0;
  sdk.calls.length = 0;
  const [fromDirect, fromSdk] = [await send(direct.app, body, headers), await send(sdk.app, body, headers)];
  expect(fromDirect).toEqual(fromSdk);
  expect(outcomes(direct.calls)).toEqual(outcomes(sdk.calls));
  return fromDirect;
}

const toolCall = (name: string, args?: unknown, id: unknown = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: args === undefined ? { name } : { name, arguments: args },
});

describe('the direct path answers what the SDK answers', () => {
  it('for every read-only tool, with arguments that find something', async () => {
    const cases: [string, () => Record<string, unknown>][] = [
      ['search', () => ({ query: 'canary' })],
      ['fetch', () => ({ id: documentId })],
      ['get_job', () => ({ jobId })],
      ['list_jobs', () => ({})],
      ['list_jobs', () => ({ limit: 1, status: 'completed' })],
      ['get_canary', () => ({ canaryId })],
      ['list_canaries', () => ({ limit: 2 })],
      ['why', () => ({ id: jobId })],
      ['why', () => ({ id: canaryId })],
      ['why', () => ({ id: 'direct-path-model' })],
      ['why_math', () => ({ id: canaryId })],
      ['list_files', () => ({})],
      ['read_file', () => ({ path: 'README.md' })],
    ];
    for (const [name, args] of cases) {
      const answer = await expectSameAnswer(toolCall(name, args()));
      expect(answer.status, name).toBe(200);
      expect((answer.body as { result?: { isError?: boolean } }).result?.isError, name).toBeUndefined();
    }
  });

  it('for tool failures: unknown ids are isError results', async () => {
    for (const [name, args] of [
      ['get_job', { jobId: 'job_nope' }],
      ['get_canary', { canaryId: 'canary_nope' }],
      ['why_math', { id: 'job_nope' }],
      ['fetch', { id: 'no/such.md' }],
      ['read_file', { path: '../outside.md' }],
    ] as const) {
      const answer = await expectSameAnswer(toolCall(name, args));
      expect((answer.body as { result?: { isError?: boolean } }).result?.isError, name).toBe(true);
    }
  });

  it('for arguments the schema refuses (the SDK words the refusal)', async () => {
    for (const args of [{}, { jobId: 7 }, { jobId: 'job_1', extra: true }, [], 'job_1', null]) {
      await expectSameAnswer(toolCall('get_job', args));
    }
    await expectSameAnswer(toolCall('list_jobs', { limit: -1 }));
    await expectSameAnswer(toolCall('get_job'));
    await expectSameAnswer(toolCall('list_jobs', { status: Array.from({ length: 2000 }, () => 'queued') }));
  });

  it('for request ids and the shapes that go to the SDK', async () => {
    await expectSameAnswer(toolCall('get_job', { jobId }, 'string-id'));
    await expectSameAnswer(toolCall('get_job', { jobId }, 0));
    await expectSameAnswer(toolCall('get_job', { jobId }, 1.5));
    await expectSameAnswer(toolCall('get_job', { jobId }, null));
    await expectSameAnswer({
      ...toolCall('get_job', { jobId }),
      params: { name: 'get_job', arguments: { jobId }, _meta: {} },
    });
    await expectSameAnswer([toolCall('get_job', { jobId })]);
    await expectSameAnswer({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'get_job' } });
    await expectSameAnswer(toolCall('no_such_tool', {}));
    await expectSameAnswer(toolCall('constructor', {}));
    await expectSameAnswer('{"jsonrpc":"2.0","id":1,"method":"tools/call"');
  });

  it('for protocol versions and media types', async () => {
    const body = toolCall('get_job', { jobId });
    await expectSameAnswer(body, { 'mcp-protocol-version': '2025-06-18' });
    await expectSameAnswer(body, { 'mcp-protocol-version': '2025-11-25' });
    await expectSameAnswer(body, { 'mcp-protocol-version': '1999-01-01' });
    await expectSameAnswer(body, { accept: '*/*' });
    await expectSameAnswer(body, { accept: 'text/html' });
    await expectSameAnswer(body, { 'content-type': 'text/plain' });
  });

  it('for a read-only key, and a key that may not call the tool', async () => {
    await expectSameAnswer(toolCall('get_job', { jobId }), { authorization: `Bearer ${READ}` });
    // A changing tool never takes the direct path: a read key is refused by the SDK's path.
    await expectSameAnswer(toolCall('cancel_job', { jobId }), { authorization: `Bearer ${READ}` });
  });
});
