import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Options of `corsForOrigins`. */
export interface CorsOptions {
  /** Origins allowed to call cross-origin (LUKHAS_CORS_ORIGINS), as `scheme://host[:port]`; none by default. */
  readonly origins: readonly string[];
}

/** Request headers a browser client of `/mcp` and `/sse` needs to send. */
export const CORS_ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'X-API-Key',
  'Mcp-Session-Id',
  'Mcp-Protocol-Version',
  'Last-Event-ID',
] as const;

/** Response headers a browser client must be able to read. */
export const CORS_EXPOSED_HEADERS = [
  'Mcp-Session-Id',
  'Mcp-Protocol-Version',
  'WWW-Authenticate',
  'Retry-After',
] as const;

/**
 * CORS for the configured origins only; other origins get no `Access-Control-Allow-Origin`.
 * Preflights are answered here (204), before rate limits and auth: a browser never sends a key on them.
 * No credentials mode: the API takes keys in headers, not cookies.
 *
 * @example app.use(corsForOrigins({ origins: ['https://ops.example.com'] }))
 */
export function corsForOrigins(options: CorsOptions): MiddlewareHandler {
  const origins = [...options.origins];
  return cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: [...CORS_ALLOWED_HEADERS],
    exposeHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: 600,
  });
}
