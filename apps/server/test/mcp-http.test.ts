/**
 * `/mcp` on the wire, without an SDK client: the JSON-RPC error codes, statuses and headers of the
 * Streamable HTTP transport, the bare-curl shim, and the security layer in front of it.
 */
import http from 'node:http';
import { readEventStream } from '@lukhas/mcp-cockpit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const SDK_ACCEPT = 'application/json, text/event-stream';

function rpc(method: string, params?: Record<string, unknown>, id: number | null = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    ...(id === null ? {} : { id }),
    method,
    ...(params ? { params } : {}),
  });
}

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: SDK_ACCEPT, ...headers },
    body,
  });
}

describe('/mcp without API keys', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    server = await startMcpTestServer({ env: { LUKHAS_MAX_BODY_BYTES: '65536' } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers malformed JSON with -32700 and an unknown method with -32601', async () => {
    const malformed = await post(server.url, '{"jsonrpc":"2.0","id":1,"method":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error: Invalid JSON' },
      id: null,
    });
    const unknown = await post(server.url, rpc('tools/destroy'));
    expect(await unknown.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32601, message: 'Method not found' },
    });
    const notARequest = await post(server.url, '42');
    expect(notARequest.status).toBe(400);
    expect((await notARequest.json()).error.code).toBe(-32600);
  });

  it('refuses an over-size body with 413 before the SDK sees it', async () => {
    const huge = rpc('tools/call', { name: 'search', arguments: { query: 'x'.repeat(70_000) } });
    const response = await post(server.url, huge);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large', maxBytes: 65536 });
  });

  it('does the initialize handshake for 2025-11-25 and 2025-06-18 with no session id', async () => {
    for (const protocolVersion of ['2025-11-25', '2025-06-18']) {
      const response = await post(
        server.url,
        rpc('initialize', { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      const body = await response.json();
      expect(body.result).toMatchObject({
        protocolVersion,
        serverInfo: { name: 'mcp-cockpit', version: '0.0.0-test' },
        capabilities: { tools: {} },
      });
      expect(body.result.instructions).toMatch(/run_eval/);
      const initialized = await post(server.url, rpc('notifications/initialized', undefined, null), {
        'mcp-protocol-version': protocolVersion,
      });
      expect(initialized.status).toBe(202);
      const listed = await post(server.url, rpc('tools/list', {}, 2), {
        'mcp-protocol-version': protocolVersion,
      });
      expect((await listed.json()).result.tools).toHaveLength(13);
    }
    const unsupported = await post(server.url, rpc('tools/list', {}, 3), {
      'mcp-protocol-version': '1999-01-01',
    });
    expect(unsupported.status).toBe(400);
  });

  it('answers JSON, or an event stream when a tools/call asks for progress', async () => {
    const plain = await post(server.url, rpc('tools/call', { name: 'list_jobs', arguments: {} }));
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);

    const streamed = await post(
      server.url,
      rpc('tools/call', {
        name: 'run_eval',
        arguments: { taskId: 'streamed', wait: true },
        _meta: { progressToken: 'p1' },
      }),
    );
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Read by the client SDK's parser, the one reader of the SSE wire format.
    const messages: string[] = [];
    if (streamed.body === null) throw new Error('no body');
    await readEventStream(streamed.body, { onMessage: (message) => messages.push(message.data) });
    const events = messages.map((data) => JSON.parse(data));
    const progress = events.filter((event) => event.method === 'notifications/progress');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((event) => event.params.progressToken === 'p1')).toBe(true);
    expect(events.at(-1).result.structuredContent).toMatchObject({ status: 'completed', taskId: 'streamed' });
  });

  it('pages list_jobs with `before` = the `next` of a full page; an unknown `before` names the id', async () => {
    const call = async (args: Record<string, unknown>) => {
      const response = await post(server.url, rpc('tools/call', { name: 'list_jobs', arguments: args }));
      return (await response.json()).result;
    };
    for (let index = 0; index < 5; index += 1) {
      await post(
        server.url,
        rpc('tools/call', { name: 'run_eval', arguments: { taskId: `paged-${index}` } }),
      );
    }
    const everyJob = (await call({ limit: 500 })).structuredContent.jobs.map(
      (job: { jobId: string }) => job.jobId,
    );
    const paged: string[] = [];
    let next: string | null = null;
    do {
      const page: { jobs: { jobId: string }[]; next: string | null } = (
        await call({ limit: 2, ...(next === null ? {} : { before: next }) })
      ).structuredContent;
      paged.push(...page.jobs.map((job) => job.jobId));
      next = page.next;
    } while (next !== null);
    expect(paged).toEqual(everyJob);
    expect(paged.length).toBeGreaterThanOrEqual(5);
    const unknown = await call({ before: 'job_missing' });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0].text).toBe('no job "job_missing" to list after [JOB_NOT_FOUND]');
    const canaries = await post(
      server.url,
      rpc('tools/call', { name: 'list_canaries', arguments: { before: 'canary_missing' } }),
    );
    expect((await canaries.json()).result.content[0].text).toMatch(/\[CANARY_NOT_FOUND\]$/);
  });

  it('gives the bare curl call (Accept */*, form Content-Type) a plain JSON-RPC answer', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { accept: '*/*', 'content-type': 'application/x-www-form-urlencoded' },
      body: rpc('tools/call', { name: 'run_eval', arguments: { taskId: 'bare' } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(JSON.parse(body.result.content[0].text)).toMatchObject({ status: 'queued', taskId: 'bare' });
  });

  it('keeps the SDK refusals the shim does not cover: 406 for Accept text/html, 415 for a browser form', async () => {
    const html = await post(server.url, rpc('tools/list'), { accept: 'text/html' });
    expect(html.status).toBe(406);
    const port = new URL(server.url).port;
    const form = await post(server.url, rpc('tools/list'), {
      'content-type': 'application/x-www-form-urlencoded',
      origin: `http://127.0.0.1:${port}`,
    });
    expect(form.status).toBe(415);
  });

  it('answers GET and DELETE with 405: there are no sessions to stream or end', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(server.url, { method, headers: { accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect((await response.json()).error.code).toBe(-32000);
    }
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding)', async () => {
    const origin = await post(server.url, rpc('tools/list'), { origin: 'https://evil.example' });
    expect(origin.status).toBe(403);
    expect(await origin.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'origin not allowed' },
      id: null,
    });
    // fetch cannot set Host; a DNS-rebinding page's request arrives with the attacker's name in it.
    const host = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(server.url, {
        method: 'POST',
        headers: { host: 'evil.example', 'content-type': 'application/json', accept: SDK_ACCEPT },
      });
      request.once('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.once('error', reject);
      request.end(rpc('tools/list'));
    });
    expect(host).toBe(403);
  });
});

describe('/mcp with API keys', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    server = await startMcpTestServer({ env: { LUKHAS_MCP_API_KEYS: 'k-one,k-two', MCP_RL_BUCKET: '8' } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers 401 without a key or with a wrong one, and records the key label as operator', async () => {
    const missing = await post(server.url, rpc('tools/list'));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="mcp-cockpit"');
    expect((await post(server.url, rpc('tools/list'), { 'x-api-key': 'nope' })).status).toBe(401);
    const ok = await post(
      server.url,
      rpc('tools/call', { name: 'run_eval', arguments: { taskId: 'keyed' } }),
      {
        authorization: 'Bearer k-two',
      },
    );
    const job = (await ok.json()).result.structuredContent;
    expect(job.operator).toMatch(/^key:[0-9a-f]{8}$/);
    expect(JSON.stringify(job)).not.toContain('k-two');
    const health = await fetch(server.url.replace('/mcp', '/health'));
    expect(health.status).toBe(200);
  });

  it('rate-limits per address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      statuses.push((await post(server.url, rpc('tools/list'), { 'x-api-key': 'k-one' })).status);
    }
    expect(statuses).toContain(429);
    const limited = await post(server.url, rpc('tools/list'), { 'x-api-key': 'k-one' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('run_eval {wait: true} past its bound', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    server = await startMcpTestServer({ maxWaitMs: 100, demo: { steps: 5, stepMs: 200 } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers with the job as it is then, and the job goes on', async () => {
    const response = await post(
      server.url,
      rpc('tools/call', { name: 'run_eval', arguments: { taskId: 'slow', wait: true } }),
    );
    const job = (await response.json()).result.structuredContent;
    expect(job).toMatchObject({ taskId: 'slow', wait: { outcome: 'timed_out' } });
    expect(['queued', 'running']).toContain(job.status);
    await server.cockpit.jobs.idle();
    expect(await server.cockpit.store.getJob(job.jobId)).toMatchObject({ status: 'completed' });
  });
});
