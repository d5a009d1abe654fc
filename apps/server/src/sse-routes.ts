import { createNodeSseHandler, createSseHandler, type EventBus } from '@lukhas/sse-bus';
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
 * every authenticated caller may see every topic. Under node:http with `withNodeStreams` the stream
 * is written straight to the socket (`node-stream-hand-off.ts`); elsewhere it is a Web stream.
 */
export function sseRoutes(options: SseRoutesOptions): Hono<{ Variables: SecurityVariables }> {
  const handler = createSseHandler({ bus: options.bus });
  const nodeHandler = createNodeSseHandler({ bus: options.bus });
  const routes = new Hono<{ Variables: SecurityVariables }>();
  routes.get('/sse', (context) => {
    const operator = context.get('operator');
    const bindings = context.env as Partial<NodeStreamBindings> | undefined;
    return (
      handOffToNode(bindings, (incoming, outgoing) => nodeHandler(incoming, outgoing, { operator })) ??
      handler(context.req.raw, { operator })
    );
  });
  return routes;
}
