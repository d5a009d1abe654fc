/**
 * `cockpit_http_requests_total` and `cockpit_http_request_duration_seconds`: every HTTP request,
 * labelled by the route PATTERN it matched (never the raw path, so a scanner walking random URLs
 * cannot grow the label set), the method (known ones only) and the status.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './latency-buckets.ts';

/** The `route` of a request that matched no route (a 404 from `notFound`). */
export const UNMATCHED_ROUTE = 'unmatched';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
// Paths of middleware registered with `app.use(…)`: they match every request, so they name no route.
const MIDDLEWARE_PATHS = new Set(['*', '/*']);

/**
 * A middleware that counts and times every request. Put it FIRST, before the security layer, so
 * refusals (401, 403, 429, 413) are counted under the route they were aimed at. The duration is the
 * time to the response headers: for `/sse` and streamed MCP answers, the time to the stream's 200.
 *
 * @example
 * const app = new Hono();
 * app.use(httpRequestMetrics({ registry }));
 * app.use(...securityMiddleware(security));
 */
export function httpRequestMetrics(options: { readonly registry: Registry }): MiddlewareHandler {
  const requests = new Counter({
    name: 'cockpit_http_requests_total',
    help: 'HTTP requests by matched route pattern (or "unmatched"), method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [options.registry],
  });
  const duration = new Histogram({
    name: 'cockpit_http_request_duration_seconds',
    help: 'Time to the response headers by matched route pattern and method (for /sse: to the stream opening).',
    labelNames: ['route', 'method'] as const,
    buckets: [...LATENCY_BUCKETS],
    registers: [options.registry],
  });

  return async function countHttpRequests(context, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = routeLabel(context);
      const method = methodLabel(context.req.method);
      requests.inc({ route, method, status: String(context.res.status) });
      duration.observe({ route, method }, (performance.now() - started) / 1000);
    }
  };
}

/**
 * The pattern of the route `context` matched (`/mcp`, `/health`…), whether or not its handler ran
 * (a 401 on `/mcp` is still `/mcp`), or {@link UNMATCHED_ROUTE}.
 */
export function routeLabel(context: Context): string {
  const route = matchedRoutes(context).findLast((candidate) => !MIDDLEWARE_PATHS.has(candidate.path));
  return route?.path ?? UNMATCHED_ROUTE;
}

/** The request method, or `other` for anything outside the usual seven. */
export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : 'other';
}
