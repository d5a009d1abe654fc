/**
 * The tool helpers over real HTTP against a fake `/mcp`: what goes on the wire, and how each kind
 * of failure comes back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CockpitClientError, LukhasMCPCockpit } from '../src/index.ts';
import { answerTool, type FakeCockpit, type McpCall, startFakeCockpit } from './fake-cockpit-server.ts';

let server: FakeCockpit | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const job = {
  jobId: 'job_k3j9x0a1m2qz',
  taskId: 'lukhas-agi-stress',
  configId: 'default',
  status: 'queued',
  progress: null,
  message: null,
  result: null,
  error: null,
  details: null,
  operator: 'key:1a2b3c4d',
  createdAt: '2025-10-03T14:20:00.000Z',
  updatedAt: '2025-10-03T14:20:00.000Z',
  startedAt: null,
  finishedAt: null,
};

describe('tool helpers over HTTP', () => {
  it('runEval sends a JSON-RPC tools/call with the key and returns the job', async () => {
    server = await startFakeCockpit({
      apiKey: 'api-key',
      mcp: (call, response) =>
        answerTool(response, call.body.id, {
          content: [{ type: 'text', text: JSON.stringify(job) }],
          structuredContent: job,
        }),
    });
    const cockpit = new LukhasMCPCockpit(server.url, 'api-key');
    const queued = await cockpit.runEval({ taskId: 'lukhas-agi-stress', configId: 'default' });
    expect(queued.jobId).toBe('job_k3j9x0a1m2qz');
    expect(queued.status).toBe('queued');
    const [call] = server.mcpCalls as [McpCall];
    expect(call.body).toEqual({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'run_eval', arguments: { taskId: 'lukhas-agi-stress', configId: 'default' } },
    });
    expect(call.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-api-key': 'api-key',
    });
  });

  it('an isError result becomes a TOOL_ERROR; a JSON-RPC error an RPC_ERROR', async () => {
    server = await startFakeCockpit({
      mcp: (call, response) => {
        if (call.body.params.name === 'abort_canary') {
          answerTool(response, call.body.id, {
            isError: true,
            content: [{ type: 'text', text: 'canary canary_1 is already promoted [CANARY_ALREADY_DECIDED]' }],
          });
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: call.body.id,
            error: { code: -32602, message: 'Tool nope not found' },
          }),
        );
      },
    });
    const cockpit = new LukhasMCPCockpit(server.url);
    const aborted = await cockpit.abortCanary({ canaryId: 'canary_1' }).catch((error: unknown) => error);
    expect(aborted).toBeInstanceOf(CockpitClientError);
    expect(aborted).toMatchObject({
      code: 'TOOL_ERROR',
      toolCode: 'CANARY_ALREADY_DECIDED',
      tool: 'abort_canary',
    });
    const unknown = await cockpit.callTool('nope', {}).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ code: 'RPC_ERROR', rpcError: { code: -32602 }, tool: 'nope' });
  });

  it('401 and 429 (with Retry-After) come back typed', async () => {
    server = await startFakeCockpit({
      apiKey: 'right',
      mcp: (_call, response) => {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '12' });
        response.end(JSON.stringify({ error: 'rate_limited', message: 'too many requests' }));
      },
    });
    const wrong = await new LukhasMCPCockpit(server.url, 'wrong').listJobs().catch((error: unknown) => error);
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    const limited = await new LukhasMCPCockpit(server.url, 'right')
      .listJobs()
      .catch((error: unknown) => error);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfter: 12 });
    expect((limited as Error).message).toContain('too many requests');
  });

  it('reads an answer the server streams as text/event-stream', async () => {
    server = await startFakeCockpit({
      mcp: (call, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const progress = {
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progress: 0.4, total: 1 },
        };
        response.write(`event: message\ndata: ${JSON.stringify(progress)}\n\n`);
        const result = { content: [{ type: 'text', text: JSON.stringify(job) }], structuredContent: job };
        setTimeout(() => {
          response.end(
            `event: message\nid: 1\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: call.body.id, result })}\n\n`,
          );
        }, 20);
      },
    });
    const cockpit = new LukhasMCPCockpit(server.url);
    await expect(cockpit.runEval({ taskId: 'lukhas-agi-stress', wait: true })).resolves.toMatchObject({
      jobId: job.jobId,
    });
  });

  it('an unreachable server is a NETWORK_ERROR', async () => {
    server = await startFakeCockpit();
    const { url } = server;
    await server.close();
    server = undefined;
    const failure = await new LukhasMCPCockpit(url).getJob({ jobId: 'x' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'NETWORK_ERROR', tool: 'get_job' });
  });

  it('request sends any JSON-RPC method with per-call headers and returns its result; notify sends no id', async () => {
    server = await startFakeCockpit({
      apiKey: 'api-key',
      mcp: (call, response) => {
        if (call.body.id === undefined) {
          response.writeHead(202).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        if (call.body.method === 'ping') {
          response.end(
            JSON.stringify({ jsonrpc: '2.0', id: call.body.id, error: { code: -32601, message: 'no ping' } }),
          );
          return;
        }
        response.end(
          JSON.stringify({ jsonrpc: '2.0', id: call.body.id, result: { tools: [{ name: 'search' }] } }),
        );
      },
    });
    const cockpit = new LukhasMCPCockpit(server.url, 'api-key');
    const listed = await cockpit.request<{ tools: { name: string }[] }>(
      'tools/list',
      {},
      {
        headers: { 'MCP-Protocol-Version': '2025-11-25' },
      },
    );
    expect(listed.tools.map((tool) => tool.name)).toEqual(['search']);
    await expect(cockpit.notify('notifications/initialized')).resolves.toBeUndefined();
    const refused = await cockpit.request('ping').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CockpitClientError);
    expect(refused).toMatchObject({ code: 'RPC_ERROR', rpcError: { code: -32601 }, tool: undefined });
    const [list, notification] = server.mcpCalls as [McpCall, McpCall];
    expect(list.body).toEqual({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    expect(list.headers).toMatchObject({ 'mcp-protocol-version': '2025-11-25', 'x-api-key': 'api-key' });
    expect(notification.body).toEqual({ jsonrpc: '2.0', method: 'notifications/initialized' });
  });
});
