import { waitFor } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import { callToolOk } from './post-tool-call.ts';

/** `/sse` behind the same API-key check as the rest of the API, `?key=` included (EventSource). */
describe('GET /sse on the real app', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    server = await startMcpTestServer({ env: { LUKHAS_MCP_API_KEYS: 'sse-key' } });
  });

  afterAll(async () => {
    await server?.close();
  });

  async function open(query: string, headers: Record<string, string> = {}): Promise<Response> {
    const controller = new AbortController();
    const response = await fetch(`${server.base}/sse${query}`, { headers, signal: controller.signal });
    // Of a stream, only the status and headers matter here: let it go at once. A refusal's body is
    // short and the test reads it (a timed abort cut it off when the machine was slow).
    if (response.status === 200) controller.abort();
    return response;
  }

  it('refuses a stream without a key or with a wrong one, with the same 401 for both', async () => {
    const missing = await open('?topic=*');
    const wrong = await open('?topic=*&key=nope');
    for (const response of [missing, wrong]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="mcp-cockpit"');
    }
    expect(await missing.json()).toEqual(await wrong.json());
  });

  it.each([
    ['?key= (EventSource)', '?topic=jobs&key=sse-key', {}],
    ['X-API-Key', '?topic=jobs', { 'X-API-Key': 'sse-key' }],
    ['Authorization: Bearer', '?topic=jobs', { Authorization: 'Bearer sse-key' }],
  ])('streams with the key in %s', async (_where, query, headers) => {
    const response = await open(query, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
  });

  it('answers a bad topic with 400 and the accepted forms', async () => {
    const response = await open('?topic=nope&key=sse-key');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_topic',
      acceptedTopics: expect.any(Array),
    });
  });

  it('counts a refused stream and one with nothing to send under their own status in /metrics, an opened one as 200', async () => {
    const count = async (status: number) => {
      const metrics = await (
        await fetch(`${server.base}/metrics`, { headers: { 'X-API-Key': 'sse-key' } })
      ).text();
      const line = metrics
        .split('\n')
        .find((text) =>
          text.startsWith(`cockpit_http_requests_total{route="/sse",method="GET",status="${status}"}`),
        );
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const [refused, opened] = [await count(400), await count(200)];
    expect((await open('?topic=nope&key=sse-key')).status).toBe(400);
    expect((await open('?topic=jobs&key=sse-key', { 'Last-Event-ID': 'x' })).status).toBe(400);
    expect((await open('?topic=jobs&key=sse-key')).status).toBe(200);
    expect(await count(400)).toBe(refused + 2);
    expect(await count(200)).toBe(opened + 1);
    // A resume of a job that ended before its Last-Event-ID has nothing to send: 204, counted as such.
    const finished = await count(204);
    const { jobId } = await callToolOk(server.base, 'sse-key', 'run_eval', { taskId: 'smoke', wait: true });
    const resume = { 'Last-Event-ID': '1000000' };
    expect((await open(`?topic=job/${String(jobId)}&key=sse-key`, resume)).status).toBe(204);
    expect(await count(204)).toBe(finished + 1);
  });

  it('counts open streams in /health, and forgets a stream when its client goes', async () => {
    await waitFor(() => server.cockpit.bus.clientCount() === 0, { message: 'no open stream' });
    const controller = new AbortController();
    const stream = await fetch(`${server.base}/sse?topic=*&key=sse-key`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    expect((await (await fetch(`${server.base}/health`)).json()).sse.clients).toBe(1);
    controller.abort();
    await waitFor(() => server.cockpit.bus.clientCount() === 0, { message: 'no open stream' });
    expect((await (await fetch(`${server.base}/health`)).json()).sse.clients).toBe(0);
  });
});
