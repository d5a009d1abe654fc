import {
  createNodeSseHandler,
  createSseHandler,
  type EventBus,
  lastEventIdFrom,
  safeParseTopics,
} from '@lukhas/sse-bus';
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
 * is written straight to the socket (`node-stream-hand-off.ts`); elsewhere it is a Web stream. The
 * request metrics count a handed-off request as 200 when it opens, and also when the bus answers
 * 204 because every entity asked for has already finished (known only once the stream starts).
 */
export function sseRoutes(options: SseRoutesOptions): Hono<{ Variables: SecurityVariables }> {
  const handler = createSseHandler({ bus: options.bus });
  const nodeHandler = createNodeSseHandler({ bus: options.bus });
  const routes = new Hono<{ Variables: SecurityVariables }>();
  routes.get('/sse', (context) => {
    const operator = context.get('operator');
    const bindings = context.env as Partial<NodeStreamBindings> | undefined;
    // A request the bus will refuse (400) is answered here, so the request metrics see its status.
    if (!isWellFormed(new URL(context.req.url).searchParams, context.req.header('last-event-id'))) {
      return handler(context.req.raw, { operator });
    }
    return (
      handOffToNode(bindings, (incoming, outgoing) => nodeHandler(incoming, outgoing, { operator })) ??
      handler(context.req.raw, { operator })
    );
  });
  return routes;
}

// Topics and Last-Event-ID as the bus reads them (its own parsers).
function isWellFormed(query: URLSearchParams, lastEventIdHeader: string | undefined): boolean {
  if (!safeParseTopics(query.getAll('topic')).success) return false;
  try {
    lastEventIdFrom(lastEventIdHeader, query);
    return true;
  } catch {
    return false;
  }
}
