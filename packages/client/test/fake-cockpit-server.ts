/**
 * A small cockpit stand-in on node:http (127.0.0.1, a free port) that the tests control: `/sse`
 * keeps an event log and honours topics, `retry:` and `Last-Event-ID` as the real sse-bus does;
 * the test publishes events, cuts streams mid-frame, refuses connections, and answers `/mcp` as it
 * likes. It can also serve static files (the browser test's page and the built dist).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export interface LoggedEvent {
  readonly id: number;
  readonly topic: string;
  readonly type: string;
  readonly ts: string;
  readonly data: Record<string, unknown>;
  readonly narrative: string;
}

export interface SseRequest {
  readonly topics: readonly string[];
  readonly lastEventId: string | undefined;
  readonly apiKey: string | undefined;
  readonly status: number;
}

export interface McpCall {
  readonly body: {
    id: unknown;
    method: string;
    params: { name: string; arguments: Record<string, unknown> };
  };
  readonly headers: IncomingMessage['headers'];
}

export interface FakeCockpitOptions {
  /** When set, `/sse` and `/mcp` answer 401 unless `X-API-Key` is this. */
  readonly apiKey?: string;
  /** The `retry:` sent on connect (default 2000; undefined sends none). */
  readonly retryMs?: number | null;
  /** Replays also resend this many events before `Last-Event-ID`, to prove the client drops them. */
  readonly replayOverlap?: number;
  /** Answers `/mcp`; default 404. */
  readonly mcp?: (call: McpCall, response: ServerResponse) => void;
  /** Serves `/static/<path>` from this folder. */
  readonly staticRoot?: string;
  /** Serves this HTML at `/`. */
  readonly page?: string;
}

interface Client {
  readonly topics: readonly string[];
  readonly response: ServerResponse;
  sentUpTo: number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
};

/** Starts the fake cockpit. */
export async function startFakeCockpit(options: FakeCockpitOptions = {}) {
  const log: LoggedEvent[] = [];
  const clients = new Set<Client>();
  const sseRequests: SseRequest[] = [];
  const mcpCalls: McpCall[] = [];
  const refusals: number[] = [];

  const nameFor = (topics: readonly string[], event: LoggedEvent): string | undefined => {
    const kind = event.topic.startsWith('job/') ? 'job' : 'canary';
    const lifecycle = topics.some((topic) => topic === '*' || topic === event.topic || topic === `${kind}/*`);
    if (lifecycle) return event.type;
    if (topics.includes(kind === 'job' ? 'jobs' : 'canaries')) return kind;
    return undefined;
  };

  const frame = (name: string, event: LoggedEvent) =>
    `id: ${event.id}\nevent: ${name}\ndata: ${JSON.stringify(event)}\n\n`;

  const send = (client: Client, event: LoggedEvent) => {
    const name = nameFor(client.topics, event);
    if (name === undefined || event.id <= client.sentUpTo) return;
    client.sentUpTo = event.id;
    client.response.write(frame(name, event));
  };

  const handleSse = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const topics = url.searchParams.getAll('topic');
    const lastHeader = request.headers['last-event-id'];
    const lastEventId =
      typeof lastHeader === 'string' ? lastHeader : (url.searchParams.get('lastEventId') ?? undefined);
    const apiKey =
      typeof request.headers['x-api-key'] === 'string' ? request.headers['x-api-key'] : undefined;
    const refusal = refusals.shift();
    let status = 200;
    if (options.apiKey !== undefined && apiKey !== options.apiKey) status = 401;
    else if (topics.length === 0) status = 400;
    else if (refusal !== undefined) status = refusal;
    sseRequests.push({ topics, lastEventId, apiKey, status });
    if (status !== 200) {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: status === 401 ? 'unauthorized' : 'refused',
          message: `fake refusal ${status}`,
        }),
      );
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    if (options.retryMs !== null) response.write(`retry: ${options.retryMs ?? 2000}\n\n`);
    const after = lastEventId === undefined ? undefined : Number(lastEventId);
    const client: Client = { topics, response, sentUpTo: 0 };
    if (after !== undefined) {
      const from = after - (options.replayOverlap ?? 0);
      for (const event of log) {
        if (event.id <= from) continue;
        const name = nameFor(topics, event);
        if (name !== undefined) response.write(frame(name, event));
      }
      client.sentUpTo = log.at(-1)?.id ?? 0;
    } else {
      client.sentUpTo = log.at(-1)?.id ?? 0;
    }
    clients.add(client);
    const forget = () => clients.delete(client);
    response.on('close', forget);
  };

  const handleMcp = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (options.apiKey !== undefined && request.headers['x-api-key'] !== options.apiKey) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'unauthorized', message: 'missing or invalid API key' }));
        return;
      }
      const call: McpCall = {
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        headers: request.headers,
      };
      mcpCalls.push(call);
      if (options.mcp === undefined) {
        response.writeHead(404);
        response.end();
        return;
      }
      options.mcp(call, response);
    });
  };

  const handleStatic = async (response: ServerResponse, path: string) => {
    if (options.staticRoot === undefined) return notFound(response);
    const relative = normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, '');
    try {
      const content = await readFile(join(options.staticRoot, relative));
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream',
      });
      response.end(content);
    } catch {
      notFound(response);
    }
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/sse' && request.method === 'GET') return handleSse(request, response, url);
    if (url.pathname === '/mcp' && request.method === 'POST') return handleMcp(request, response);
    if (url.pathname === '/' && options.page !== undefined) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(options.page);
      return;
    }
    if (url.pathname.startsWith('/static/'))
      return void handleStatic(response, url.pathname.slice('/static/'.length));
    notFound(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    log,
    sseRequests,
    mcpCalls,
    /** Open `/sse` streams. */
    clientCount: () => clients.size,
    /** Appends an event to the log and sends it to every stream that wants it. */
    publish(topic: string, type: string, data: Record<string, unknown> = {}): LoggedEvent {
      const id = (log.at(-1)?.id ?? 0) + 1;
      const entity = topic.split('/')[1] ?? topic;
      const event: LoggedEvent = {
        id,
        topic,
        type,
        ts: new Date().toISOString(),
        data,
        narrative: `[2025-10-03 14:21] ${entity} → ${type} #${id}`,
      };
      log.push(event);
      for (const client of clients) send(client, event);
      return event;
    },
    /**
     * Cuts every open stream. With `midFrame`, each first receives half of the next event's frame
     * (which the log still has): the client must discard it and get it whole from the replay.
     * `destroy` resets the socket (a network drop); `end` finishes the response cleanly, as the
     * real bus does when it cuts off a slow consumer.
     */
    dropStreams(midFrame = false, how: 'destroy' | 'end' = 'destroy') {
      for (const client of [...clients]) {
        clients.delete(client);
        if (midFrame) client.response.write('id: 999999\nevent: progress\ndata: {"id":999999,"to');
        if (how === 'end') client.response.end();
        else client.response.socket?.destroy();
      }
    },
    /** The next `/sse` requests are answered with these statuses, in order. */
    refuseNext(...statuses: number[]) {
      refusals.push(...statuses);
    },
    async close() {
      for (const client of clients) client.response.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeCockpit = Awaited<ReturnType<typeof startFakeCockpit>>;

/** A JSON-RPC answer with a tool result, as the cockpit sends it. */
export function answerTool(
  response: ServerResponse,
  id: unknown,
  result: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(200, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify({ jsonrpc: '2.0', id, result }));
}

function notFound(response: ServerResponse) {
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found');
}
