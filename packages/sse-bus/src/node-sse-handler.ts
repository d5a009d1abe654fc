/**
 * `GET /sse` on a node:http request/response pair, with the bus writing each frame straight to the
 * response: no `Request`, `AbortController`, `ReadableStream`, reader or pending promise per
 * stream, which is most of what a stream costs behind a Web-standard adapter (README "Memory per
 * stream"). Typed by the few members it uses, so the package still imports nothing from Node.
 */

import { SSE_RESPONSE_HEADERS, type SseRequestContext } from './sse-handler.ts';
import {
  planSseRequest,
  SSE_ERROR_HEADERS,
  SSE_FINISHED_HEADERS,
  type SseHandlerOptions,
} from './sse-request-plan.ts';
import type { SseSinkSubscription } from './subscribe-stream.ts';

/** What the handler reads of a node:http `IncomingMessage`. */
export interface NodeSseRequest {
  readonly url?: string | undefined;
  readonly method?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** What the handler uses of a node:http `ServerResponse`. */
export interface NodeSseResponse {
  writeHead(status: number, headers: Readonly<Record<string, string>>): unknown;
  write(chunk: Uint8Array): boolean;
  end(body?: string): unknown;
  on(event: 'drain' | 'close', listener: (this: NodeSseResponse) => void): unknown;
  /** True once the response closed (node:http sets it before its `'close'`). */
  readonly destroyed?: boolean;
}

/** The handler: answers on `response` (a 400/403/204, or the stream, which runs until either side ends it). */
export type NodeSseHandler = (
  request: NodeSseRequest,
  response: NodeSseResponse,
  context?: SseRequestContext,
) => Promise<void>;

// The response's stream, kept on the response itself so its listeners can be shared functions.
const SUBSCRIPTION = Symbol('sse-bus subscription');
type Subscribed = NodeSseResponse & { [SUBSCRIPTION]?: SseSinkSubscription };

// One pair of listener functions for every stream: no closure per connection.
function onDrain(this: NodeSseResponse): void {
  (this as Subscribed)[SUBSCRIPTION]?.resume();
}
function onClose(this: NodeSseResponse): void {
  (this as Subscribed)[SUBSCRIPTION]?.disconnect();
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
  return async function nodeSseHandler(request, response, context = {}) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const plan = await planSseRequest(options, {
      query: url.searchParams,
      lastEventIdHeader: headerOf(request, 'last-event-id'),
      request: () => webRequestOf(request, url),
      operator: context.operator,
    });
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
    // The client left while the request was checked: its `'close'` has already fired.
    if (response.destroyed === true) return;
    response.writeHead(200, SSE_RESPONSE_HEADERS);
    const subscription = options.bus.subscribeSink({
      topics: plan.topics,
      sink: response,
      ...(plan.lastEventId === undefined ? {} : { lastEventId: plan.lastEventId }),
      history: plan.history,
    });
    if (subscription.closed) return;
    (response as Subscribed)[SUBSCRIPTION] = subscription;
    response.on('drain', onDrain);
    response.on('close', onClose);
  };
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
