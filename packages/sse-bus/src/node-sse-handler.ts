/**
 * `GET /sse` on a node:http request/response pair, with the bus writing each frame straight to the
 * response's socket: no `Request`, `AbortController`, `ReadableStream`, reader or pending promise
 * per stream, which is most of what a stream costs behind a Web-standard adapter (README "Memory
 * per stream"). The response sends the headers and, at the end, the last chunk; the frames in
 * between go to the socket as chunks framed once per frame (`http-chunk.ts`), one write per
 * stream. Typed by the few members it uses, so the package still imports nothing from Node.
 */

import { httpChunkOf } from './http-chunk.ts';
import { SSE_RESPONSE_HEADERS, type SseRequestContext } from './sse-handler.ts';
import {
  planSseRequest,
  SSE_ERROR_HEADERS,
  SSE_FINISHED_HEADERS,
  type SseHandlerOptions,
  type SseRequestPlan,
} from './sse-request-plan.ts';
import type { SseSink, SseSinkSubscription } from './subscribe-stream.ts';

/** What the handler reads of a node:http `IncomingMessage`. */
export interface NodeSseRequest {
  readonly url?: string | undefined;
  readonly method?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** What the handler uses of a node:http `ServerResponse`. */
export interface NodeSseResponse {
  writeHead(status: number, headers: Readonly<Record<string, string>>): unknown;
  /** Sends the status line and headers now, before the first frame goes to the socket. */
  flushHeaders(): void;
  end(body?: string): unknown;
  on(event: 'close', listener: (this: NodeSseResponse) => void): unknown;
  /** True once the response closed (node:http sets it before its `'close'`). */
  readonly destroyed?: boolean;
  /** Set by `writeHead`: false for an HTTP/1.0 client, whose body ends with the connection. */
  readonly chunkedEncoding?: boolean;
  readonly socket: NodeSseSocket | null;
}

/** What the handler uses of the response's `net.Socket`. */
export interface NodeSseSocket {
  write(chunk: Uint8Array): boolean;
  /** Buffers writes until `uncork`: the frames of one tick leave in one syscall. */
  cork(): void;
  uncork(): void;
  on(event: 'drain', listener: (this: NodeSseSocket) => void): unknown;
  off(event: 'drain', listener: (this: NodeSseSocket) => void): unknown;
}

/**
 * The handler: answers on `response` (a 400/403/204, or the stream, which runs until either side
 * ends it). `plan`: the request as `planSseRequest` already read it (a caller that had to know the
 * answer first), so it is not read twice.
 */
export type NodeSseHandler = (
  request: NodeSseRequest,
  response: NodeSseResponse,
  context?: SseRequestContext,
  plan?: SseRequestPlan,
) => Promise<void>;

// The stream, kept on the response and its socket so their listeners can be shared functions.
const SUBSCRIPTION = Symbol('sse-bus subscription');
type Subscribed<T> = T & { [SUBSCRIPTION]?: SseSinkSubscription };

// One pair of listener functions for every stream: no closure per connection.
function onDrain(this: NodeSseSocket): void {
  (this as Subscribed<NodeSseSocket>)[SUBSCRIPTION]?.resume();
}
function onClose(this: NodeSseResponse): void {
  (this as Subscribed<NodeSseResponse>)[SUBSCRIPTION]?.disconnect();
}

// Sockets written to in this turn of the event loop, uncorked together once it ends.
const corked: SocketSink[] = [];

function uncorkAll(): void {
  for (const sink of corked) sink.uncork();
  corked.length = 0;
}

/** Frames to the socket (chunked unless HTTP/1.0), the end through the response (it writes the last chunk). */
class SocketSink implements SseSink {
  private isCorked = false;

  constructor(
    private readonly response: NodeSseResponse,
    private readonly socket: NodeSseSocket,
    private readonly chunked: boolean,
  ) {}

  // A burst of publishes (a group commit, a replay page) costs one syscall per socket, not one per
  // frame: the socket is corked on its first frame and uncorked once the current task ends, as
  // `ServerResponse.write` does for itself.
  write(bytes: Uint8Array): boolean {
    if (!this.isCorked) {
      this.isCorked = true;
      this.socket.cork();
      if (corked.push(this) === 1) queueMicrotask(uncorkAll);
    }
    return this.socket.write(this.chunked ? httpChunkOf(bytes) : bytes);
  }

  uncork(): void {
    this.isCorked = false;
    this.socket.uncork();
  }

  // Every close of the stream ends here: the socket may serve another request (keep-alive), so
  // it forgets the stream.
  end(): void {
    this.socket.off('drain', onDrain);
    delete (this.socket as Subscribed<NodeSseSocket>)[SUBSCRIPTION];
    this.response.end();
  }
}

/**
 * Creates the `/sse` handler for node:http. Same answers, headers and frames as `createSseHandler`;
 * the stream ends when the response closes (client gone), or as the Web handler's does.
 *
 * @example
 * const sse = createNodeSseHandler({ bus });
 * http.createServer((request, response) => void sse(request, response));
 */
export function createNodeSseHandler(options: SseHandlerOptions): NodeSseHandler {
  return async function nodeSseHandler(request, response, context = {}, planned = undefined) {
    const plan = planned ?? (await planOf(options, request, context));
    if (plan.kind === 'refuse') {
      response.writeHead(plan.status, SSE_ERROR_HEADERS);
      response.end(JSON.stringify(plan.body));
      return;
    }
    if (plan.kind === 'finished') {
      response.writeHead(204, SSE_FINISHED_HEADERS);
      response.end();
      return;
    }
    const { socket } = response;
    // The client left while the request was checked: its `'close'` has already fired.
    if (response.destroyed === true || socket === null) return;
    response.writeHead(200, SSE_RESPONSE_HEADERS);
    response.flushHeaders();
    const subscription = options.bus.subscribeSink({
      topics: plan.topics,
      sink: new SocketSink(response, socket, response.chunkedEncoding !== false),
      ...(plan.lastEventId === undefined ? {} : { lastEventId: plan.lastEventId }),
      history: plan.history,
    });
    if (subscription.closed) return;
    (response as Subscribed<NodeSseResponse>)[SUBSCRIPTION] = subscription;
    (socket as Subscribed<NodeSseSocket>)[SUBSCRIPTION] = subscription;
    socket.on('drain', onDrain);
    response.on('close', onClose);
  };
}

function planOf(
  options: SseHandlerOptions,
  request: NodeSseRequest,
  context: SseRequestContext,
): Promise<SseRequestPlan> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  return planSseRequest(options, {
    query: url.searchParams,
    lastEventIdHeader: headerOf(request, 'last-event-id'),
    request: () => webRequestOf(request, url),
    operator: context.operator,
  });
}

function headerOf(request: NodeSseRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

// Only for `authorize`, which is given a Web Request.
function webRequestOf(request: NodeSseRequest, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const one of typeof value === 'string' ? [value] : value) headers.append(name, one);
  }
  const host = headerOf(request, 'host') ?? 'localhost';
  return new Request(new URL(`${url.pathname}${url.search}`, `http://${host}`), {
    method: request.method ?? 'GET',
    headers,
  });
}
