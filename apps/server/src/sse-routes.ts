import { createNodeSseHandler, createSseHandler, type EventBus, planSseRequest } from '@lukhas/sse-bus';
import { Hono } from 'hono';
import type { SecurityVariables } from './http/index.ts';
import { handOffToNode, type NodeStreamBindings } from './node-stream-hand-off.ts';

/** What `/sse` is served from. */
export interface SseRoutesOptions {
  readonly bus: EventBus;
}

/**
 * `GET /sse?topic=…&topic=…`: live events with Last-Event-ID replay (see packages/sse-bus). The
 * security layer in front has already checked the API key (`?key=` included, for EventSource);
 * every authenticated caller may see every topic. Under node:http with `withNodeStreams` a stream
 * is written straight to the socket (`node-stream-hand-off.ts`); elsewhere it is a Web stream.
 */
export function sseRoutes(options: SseRoutesOptions): Hono<{ Variables: SecurityVariables }> {
  const busOptions = { bus: options.bus };
  const handler = createSseHandler(busOptions);
  const nodeHandler = createNodeSseHandler(busOptions);
  const routes = new Hono<{ Variables: SecurityVariables }>();
  routes.get('/sse', async (context) => {
    const operator = context.get('operator');
    const bindings = context.env as Partial<NodeStreamBindings> | undefined;
    if (bindings?.handOff === undefined) return handler(context.req.raw, { operator });
    // Read here, so a refusal (400) or an answer with nothing to stream (204) stays a short answer
    // whose status the request metrics see (the Web handler gives it); only a stream is handed to
    // node:http, with the plan, so it is not read twice.
    const plan = await planSseRequest(busOptions, {
      query: new URL(context.req.url).searchParams,
      lastEventIdHeader: context.req.header('last-event-id'),
      request: () => context.req.raw,
      operator,
    });
    if (plan.kind !== 'stream') return handler(context.req.raw, { operator });
    return (
      handOffToNode(bindings, (incoming, outgoing) => nodeHandler(incoming, outgoing, { operator }, plan)) ??
      handler(context.req.raw, { operator })
    );
  });
  return routes;
}
