import { createSseHandler, type EventBus } from '@lukhas/sse-bus';
import { Hono } from 'hono';
import type { SecurityVariables } from './http/index.ts';

/** What `/sse` is served from. */
export interface SseRoutesOptions {
  readonly bus: EventBus;
}

/**
 * `GET /sse?topic=…&topic=…`: live events with Last-Event-ID replay (see packages/sse-bus). The
 * security layer in front has already checked the API key (`?key=` included, for EventSource);
 * every authenticated caller may see every topic.
 */
export function sseRoutes(options: SseRoutesOptions): Hono<{ Variables: SecurityVariables }> {
  const handler = createSseHandler({ bus: options.bus });
  const routes = new Hono<{ Variables: SecurityVariables }>();
  routes.get('/sse', (context) => handler(context.req.raw, { operator: context.get('operator') }));
  return routes;
}
