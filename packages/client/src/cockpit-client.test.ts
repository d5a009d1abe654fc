import { afterEach, describe, expect, it, vi } from 'vitest';
import { until } from '../test/until.ts';
import { LukhasMCPCockpit } from './cockpit-client.ts';
import { type CockpitClientError, isCockpitClientError } from './cockpit-client-error.ts';
import type { CockpitEvent, CockpitNotice } from './cockpit-events.ts';

interface Recorded {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** A fake cockpit behind an injected fetch: `/sse` streams the test writes to, `/mcp` a handler. */
function fakeCockpit(
  mcp: (request: Recorded) => Response | Promise<Response> = () => new Response(null, { status: 500 }),
) {
  const requests: Recorded[] = [];
  const streams: { url: string; write: (text: string) => void; end: () => void }[] = [];
  const encoder = new TextEncoder();
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const request: Recorded = {
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    if (url.includes('/mcp')) return mcp(request);
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (streamController) => {
        controller = streamController;
      },
    });
    streams.push({
      url,
      write: (text) => controller.enqueue(encoder.encode(text)),
      end: () => controller.close(),
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch, requests, streams };
}

const wire = (id: number, name: string, topic: string, type = name) =>
  `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify({
    id,
    topic,
    type,
    ts: '2025-10-03T14:21:23.000Z',
    data: { jobId: topic.slice(4), status: type },
    narrative: `[2025-10-03 14:21] ${topic.slice(4)} → ${type}`,
  })}\n\n`;

const toolAnswer = (id: unknown, result: unknown) => Response.json({ jsonrpc: '2.0', id, result });

let cockpit: LukhasMCPCockpit | undefined;
afterEach(() => cockpit?.close());

describe('LukhasMCPCockpit events', () => {
  it('opens no stream until a topic is subscribed, then one stream for the topics of the same tick', async () => {
    const server = fakeCockpit();
    cockpit = new LukhasMCPCockpit('http://localhost:8766/', 'api-key', { fetch: server.fetch });
    cockpit.on('completed', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toEqual([]);
    expect(cockpit.state).toBe('idle');

    cockpit.subscribe('canary/*').subscribe(['jobs', 'canary/*']);
    await until(() => cockpit?.state === 'open', 'the stream');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe('http://localhost:8766/sse?topic=canary%2F*&topic=jobs');
    expect(server.requests[0]?.headers).toMatchObject({
      'X-API-Key': 'api-key',
      Accept: 'text/event-stream',
    });
    expect(cockpit.topics).toEqual(['canary/*', 'jobs']);
  });

  it('hands {type, topic, data, narrative, id, ts} to handlers of the SSE name, and every event to *', async () => {
    const server = fakeCockpit();
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'api-key', { fetch: server.fetch });
    const completed: CockpitEvent[] = [];
    const jobs: CockpitEvent[] = [];
    const all: string[] = [];
    cockpit.on('completed', (event) => completed.push(event));
    cockpit.on('job', (event) => jobs.push(event));
    cockpit.on('*', (event) => all.push(`${event.name}:${event.type}:${event.id}`));
    cockpit.subscribe(['jobs', 'job/job_9hd']);
    await until(() => server.streams.length === 1, 'the stream');
    server.streams[0]?.write(wire(1, 'job', 'job/job_other', 'queued') + wire(2, 'completed', 'job/job_9hd'));
    await until(() => all.length === 2, 'two events');

    expect(completed).toEqual([
      {
        type: 'completed',
        name: 'completed',
        topic: 'job/job_9hd',
        data: { jobId: 'job_9hd', status: 'completed' },
        narrative: '[2025-10-03 14:21] job_9hd → completed',
        id: 2,
        ts: '2025-10-03T14:21:23.000Z',
      },
    ]);
    expect(jobs.map((event) => [event.name, event.type, event.topic])).toEqual([
      ['job', 'queued', 'job/job_other'],
    ]);
    expect(all).toEqual(['job:queued:1', 'completed:completed:2']);
    expect(cockpit.lastEventId).toBe(2);
  });

  it('off() removes a handler; a throwing handler neither stops the others nor the stream', async () => {
    const server = fakeCockpit();
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    try {
      cockpit = new LukhasMCPCockpit('http://localhost:8766', undefined, { fetch: server.fetch });
      const seen: number[] = [];
      const removed = () => seen.push(-1);
      cockpit.on('progress', () => {
        throw new Error('handler bug');
      });
      cockpit.on('progress', (event) => seen.push(event.id));
      cockpit.on('progress', removed).off('progress', removed);
      cockpit.subscribe('job/job_9hd');
      await until(() => server.streams.length === 1, 'the stream');
      expect(server.requests[0]?.headers['X-API-Key']).toBeUndefined();
      server.streams[0]?.write(wire(1, 'progress', 'job/job_9hd') + wire(2, 'progress', 'job/job_9hd'));
      await until(() => seen.length === 2, 'both events');
      expect(seen).toEqual([1, 2]);
      expect(reported).toHaveLength(2);
      expect(cockpit.state).toBe('open');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('surfaces retention and reset notices, and resumes after the id a reset announces', async () => {
    const server = fakeCockpit();
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch: server.fetch, lastEventId: 900 });
    const notices: CockpitNotice[] = [];
    const events: number[] = [];
    cockpit.on('retention', (notice) => notices.push(notice));
    cockpit.on('reset', (notice) => notices.push(notice));
    cockpit.on('*', (event) => events.push(event.id));
    cockpit.subscribe('*');
    await until(() => server.streams.length === 1, 'the stream');
    expect(server.requests[0]?.headers['Last-Event-ID']).toBe('900');
    server.streams[0]?.write(
      'event: reset\ndata: {"requestedAfter":900,"latestId":3,"message":"the event log was reset"}\n\n' +
        wire(4, 'queued', 'job/job_a'),
    );
    await until(() => events.length === 1, 'the event after the reset');
    expect(notices).toEqual([
      {
        name: 'reset',
        data: { requestedAfter: 900, latestId: 3, message: 'the event log was reset' },
        message: 'the event log was reset',
      },
    ]);
    expect(events).toEqual([4]);
    cockpit.reconnect();
    await until(() => server.streams.length === 2, 'the reconnection');
    expect(server.requests[1]?.headers['Last-Event-ID']).toBe('4');
  });

  it('re-subscribing reconnects once with every topic, resuming after the last event', async () => {
    const server = fakeCockpit();
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch: server.fetch });
    const opened: boolean[] = [];
    cockpit.on('open', (event) => opened.push(event.reconnected));
    cockpit.subscribe('job/job_a');
    await until(() => server.streams.length === 1, 'the stream');
    server.streams[0]?.write(wire(7, 'queued', 'job/job_a'));
    await until(() => cockpit?.lastEventId === 7, 'the first event');
    cockpit.subscribe('canary/*');
    await until(() => server.streams.length === 2 && opened.length === 2, 'the new stream');
    expect(server.requests[1]?.url).toBe('http://localhost:8766/sse?topic=job%2Fjob_a&topic=canary%2F*');
    expect(server.requests[1]?.headers['Last-Event-ID']).toBe('7');
    expect(opened).toEqual([false, true]);

    cockpit.unsubscribe(['job/job_a', 'canary/*']);
    await until(() => cockpit?.state === 'closed', 'the close');
    expect(server.requests).toHaveLength(2);
  });

  it('emits error and stops when the stream is refused; without an error handler it reports it', async () => {
    const refused = async () => Response.json({ error: 'unauthorized' }, { status: 401 });
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'wrong', { fetch: refused });
    const errors: CockpitClientError[] = [];
    cockpit.on('error', (error) => errors.push(error));
    cockpit.subscribe('jobs');
    await until(() => errors.length === 1, 'the error');
    expect(errors[0]?.code).toBe('UNAUTHORIZED');
    expect(cockpit.state).toBe('closed');

    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    try {
      const unhandled = new LukhasMCPCockpit('http://localhost:8766', 'wrong', { fetch: refused });
      unhandled.subscribe('jobs');
      await until(() => reported.length === 1, 'the report');
      expect(isCockpitClientError(reported[0], 'UNAUTHORIZED')).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => new LukhasMCPCockpit('localhost:8766')).toThrow(TypeError);
    expect(() => new LukhasMCPCockpit('not a url')).toThrow(TypeError);
  });
});

describe('LukhasMCPCockpit tools', () => {
  it('POSTs a JSON-RPC tools/call to /mcp and returns structuredContent', async () => {
    const job = { jobId: 'job_1', status: 'queued', taskId: 'demo' };
    const server = fakeCockpit((request) =>
      toolAnswer((request.body as { id: number }).id, {
        content: [{ type: 'text', text: JSON.stringify(job) }],
        structuredContent: job,
      }),
    );
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'api-key', { fetch: server.fetch });
    await expect(cockpit.runEval({ taskId: 'demo', configId: 'default' })).resolves.toEqual(job);
    await cockpit.getJob({ jobId: 'job_1' });
    expect(server.requests.map((request) => request.body)).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'run_eval', arguments: { taskId: 'demo', configId: 'default' } },
      },
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'get_job', arguments: { jobId: 'job_1' } },
      },
    ]);
    expect(server.requests[0]).toMatchObject({
      url: 'http://localhost:8766/mcp',
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'X-API-Key': 'api-key',
      },
    });
  });

  it('maps every helper to its tool name', async () => {
    const names: string[] = [];
    const server = fakeCockpit((request) => {
      const body = request.body as { id: number; params: { name: string } };
      names.push(body.params.name);
      return toolAnswer(body.id, { content: [{ type: 'text', text: '{}' }], structuredContent: {} });
    });
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch: server.fetch });
    await cockpit.search({ query: 'slo' });
    await cockpit.fetchDocument({ id: 'README.md' });
    await cockpit.runEval({ taskId: 't' });
    await cockpit.getJob({ jobId: 'j' });
    await cockpit.listJobs();
    await cockpit.cancelJob({ jobId: 'j', reason: 'r' });
    await cockpit.startCanary({
      modelId: 'm',
      fromGate: 'stage',
      toGate: 'production',
      sloPolicy: { latency_p95_ms: 800 },
    });
    await cockpit.getCanary({ canaryId: 'c' });
    await cockpit.listCanaries({ status: 'running' });
    await cockpit.abortCanary({ canaryId: 'c', reason: 'manual override' });
    await cockpit.promoteCanary({ canaryId: 'c', full: true });
    await cockpit.why({ id: 'c' });
    await cockpit.whyMath({ id: 'c' });
    await cockpit.listFiles({ glob: 'configs/**' });
    await cockpit.readFile({ path: 'configs/a.json', startLine: 1 });
    await cockpit.writeFile({ path: 'configs/a.json', content: '{}\n' });
    await cockpit.applyPatch({ path: 'configs/a.json', patch: '@@ -1 +1 @@\n-{}\n+{"a":1}\n' });
    expect(names).toEqual([
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
      'list_files',
      'read_file',
      'write_file',
      'apply_patch',
    ]);
  });

  it('throws TOOL_ERROR with the bracketed code for an isError result', async () => {
    const server = fakeCockpit((request) =>
      toolAnswer((request.body as { id: number }).id, {
        isError: true,
        content: [{ type: 'text', text: 'no job "job_x"; list_jobs shows the recent ones [JOB_NOT_FOUND]' }],
      }),
    );
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch: server.fetch });
    const error = await cockpit.getJob({ jobId: 'job_x' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'CockpitClientError',
      code: 'TOOL_ERROR',
      toolCode: 'JOB_NOT_FOUND',
      tool: 'get_job',
      message: 'no job "job_x"; list_jobs shows the recent ones [JOB_NOT_FOUND]',
    });
  });

  it('throws RPC_ERROR for a JSON-RPC error, and HTTP codes for refused requests', async () => {
    const answers = [
      () => Response.json({ jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'Unknown tool: nope' } }),
      () => Response.json({ error: 'unauthorized', message: 'missing or invalid API key' }, { status: 401 }),
      () => Response.json({ error: 'rate_limited' }, { status: 429, headers: { 'Retry-After': '3' } }),
      () =>
        Response.json(
          { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
          { status: 400 },
        ),
      () => new Response('<html>oops</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    ];
    const server = fakeCockpit(() => (answers.shift() ?? (() => new Response(null, { status: 500 })))());
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch: server.fetch });
    const errors = [];
    for (let call = 0; call < 5; call += 1)
      errors.push(await cockpit.callTool('nope').catch((caught: unknown) => caught));
    expect(errors[0]).toMatchObject({
      code: 'RPC_ERROR',
      rpcError: { code: -32602, message: 'Unknown tool: nope' },
    });
    expect(errors[1]).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect((errors[1] as Error).message).toContain('missing or invalid API key');
    expect(errors[2]).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfter: 3 });
    expect(errors[3]).toMatchObject({ code: 'BAD_REQUEST', status: 400, rpcError: { code: -32700 } });
    expect(errors[4]).toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('reads an answer framed as an event stream, after progress notifications', async () => {
    const server = fakeCockpit((request) => {
      const id = (request.body as { id: number }).id;
      const progress = {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progress: 0.5, total: 1 },
      };
      const answer = {
        jsonrpc: '2.0',
        id,
        result: { content: [{ type: 'text', text: '{"jobId":"job_1"}' }] },
      };
      const text = `event: message\ndata: ${JSON.stringify(progress)}\n\nevent: message\ndata: ${JSON.stringify(answer)}\n\n`;
      return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    });
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch: server.fetch });
    // No structuredContent: the JSON of content[0].text is the result.
    await expect(cockpit.runEval({ taskId: 'demo', wait: true })).resolves.toEqual({ jobId: 'job_1' });
  });

  it('why returns {id, lines}, from the text when there is no structuredContent', async () => {
    const lines = [
      '[2025-10-03 14:20] eval "demo" → queued for processing',
      '[2025-10-03 14:21] job_1 → running',
    ];
    const server = fakeCockpit((request) =>
      toolAnswer((request.body as { id: number }).id, {
        content: [{ type: 'text', text: lines.join('\n') }],
      }),
    );
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch: server.fetch });
    await expect(cockpit.why({ id: 'job_1' })).resolves.toEqual({ id: 'job_1', lines });
  });

  it('takes the id alone for one-id tools, and refuses arguments that are not an object before sending', async () => {
    const sent: unknown[] = [];
    const server = fakeCockpit((request) => {
      sent.push((request.body as { params: unknown }).params);
      return toolAnswer((request.body as { id: number }).id, {
        content: [],
        structuredContent: { id: 'x', lines: [] },
      });
    });
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch: server.fetch });
    await cockpit.why('job_1');
    await cockpit.whyMath('canary_1');
    await cockpit.getJob('job_1');
    await cockpit.getCanary('canary_1');
    expect(sent).toEqual([
      { name: 'why', arguments: { id: 'job_1' } },
      { name: 'why_math', arguments: { id: 'canary_1' } },
      { name: 'get_job', arguments: { jobId: 'job_1' } },
      { name: 'get_canary', arguments: { canaryId: 'canary_1' } },
    ]);
    for (const bad of [null, [1], 'job_1', 3]) {
      const error = await cockpit.callTool('why', bad as object).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENTS', tool: 'why' });
      expect((error as Error).message).toMatch(
        /^why: expected the arguments as one object such as \{"id": "…"\}, got /,
      );
    }
    expect(sent).toHaveLength(4);
  });

  it('rejects with ABORTED when the signal aborts', async () => {
    const fetch = (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    cockpit = new LukhasMCPCockpit('http://localhost:8766', 'k', { fetch });
    const controller = new AbortController();
    const call = cockpit.listJobs({}, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
