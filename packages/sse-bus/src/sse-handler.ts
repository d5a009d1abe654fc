/**
 * `GET /sse?topic=…&topic=…` as a Web-standard handler: validates the topics and the resume point,
 * asks `authorize` about each topic, and answers with the bus's stream.
 */
import {
  planSseRequest,
  SSE_ERROR_HEADERS,
  SSE_FINISHED_HEADERS,
  type SseHandlerOptions,
} from './sse-request-plan.ts';

export type { SseAuthorizeInput, SseHandlerOptions } from './sse-request-plan.ts';

/** Headers of every stream: no caching, no transforming, no proxy buffering (nginx honours X-Accel-Buffering). */
export const SSE_RESPONSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

/** Per-request facts the server knows and the Request does not carry. */
export interface SseRequestContext {
  readonly operator?: string;
}

/** The handler: Request in, Response out. */
export type SseHandler = (request: Request, context?: SseRequestContext) => Promise<Response>;

/**
 * Creates the `/sse` handler. The stream ends when `request.signal` aborts (client gone), or once
 * every entity of an entity-only stream has had its terminal event. A resume of entity topics that
 * all ended by its Last-Event-ID is answered 204 No Content, so an EventSource stops reconnecting.
 *
 * @example
 * const sse = createSseHandler({ bus });
 * app.get('/sse', (context) => sse(context.req.raw, { operator: context.get('operator') }));
 */
export function createSseHandler(options: SseHandlerOptions): SseHandler {
  return async function sseHandler(request, context = {}) {
    const plan = await planSseRequest(options, {
      query: new URL(request.url).searchParams,
      lastEventIdHeader: request.headers.get('last-event-id'),
      request: () => request,
      operator: context.operator,
    });
    if (plan.kind === 'refuse') {
      return new Response(JSON.stringify(plan.body), { status: plan.status, headers: SSE_ERROR_HEADERS });
    }
    if (plan.kind === 'finished') return new Response(null, { status: 204, headers: SSE_FINISHED_HEADERS });
    const stream = options.bus.subscribe({
      topics: plan.topics,
      signal: request.signal,
      ...(plan.lastEventId === undefined ? {} : { lastEventId: plan.lastEventId }),
      history: plan.history,
    });
    return new Response(stream, { status: 200, headers: SSE_RESPONSE_HEADERS });
  };
}
