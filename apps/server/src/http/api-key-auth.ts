import type { HonoRequest, MiddlewareHandler } from 'hono';
import { createApiKeyVerifier } from './api-key-verifier.ts';

/** Context variables set by `apiKeyAuth`. */
export interface ApiKeyAuthVariables {
  /** Who is acting, for the audit trail: `key:<8 hex>`, `local` (no keys configured) or `anonymous` (public route). */
  operator: string;
}

/** Options of `apiKeyAuth`. */
export interface ApiKeyAuthOptions {
  /** LUKHAS_MCP_API_KEYS; empty lets every request through as operator `local`. */
  readonly apiKeys: readonly string[];
  /** Routes served without a key, as `METHOD /path` (HEAD counts as GET), e.g. `GET /health`. */
  readonly publicRoutes?: readonly string[];
}

/** The one answer to a missing or wrong key: the same for both, so it tells a prober nothing. */
export const UNAUTHORIZED_BODY = {
  error: 'unauthorized',
  message: 'a valid API key is required: X-API-Key header, Authorization: Bearer, or ?key= for EventSource',
} as const;

/** Sent with every 401. */
export const WWW_AUTHENTICATE = 'Bearer realm="mcp-cockpit"';

/**
 * Requires one of the configured API keys, from `X-API-Key`, `Authorization: Bearer` or `?key=`
 * (EventSource cannot send headers), in that order of precedence, and records who is acting.
 *
 * @example
 * const app = new Hono<{ Variables: ApiKeyAuthVariables }>();
 * app.use(apiKeyAuth({ apiKeys: ['prod-key-1'], publicRoutes: ['GET /health'] }));
 * app.post('/mcp', (context) => context.json({ operator: context.get('operator') }));
 */
export function apiKeyAuth(
  options: ApiKeyAuthOptions,
): MiddlewareHandler<{ Variables: ApiKeyAuthVariables }> {
  const verify = createApiKeyVerifier(options.apiKeys);
  const authRequired = options.apiKeys.length > 0;
  const publicRoutes = new Set(options.publicRoutes ?? []);
  return async function apiKeyAuth(context, next) {
    if (!authRequired) {
      context.set('operator', 'local');
      return next();
    }
    const method = context.req.method === 'HEAD' ? 'GET' : context.req.method;
    if (publicRoutes.has(`${method} ${context.req.path}`)) {
      context.set('operator', 'anonymous');
      return next();
    }
    const presented = presentedApiKey(context.req);
    const operator = presented === null ? null : verify(presented);
    if (operator === null) {
      return context.json(UNAUTHORIZED_BODY, 401, {
        'WWW-Authenticate': WWW_AUTHENTICATE,
        'Cache-Control': 'no-store',
      });
    }
    context.set('operator', operator);
    return next();
  };
}

/** The API key a request carries, or null: `X-API-Key`, then `Authorization: Bearer`, then `?key=`. */
export function presentedApiKey(request: HonoRequest): string | null {
  const headerKey = request.header('x-api-key')?.trim();
  if (headerKey) return headerKey;
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.header('authorization') ?? '');
  if (bearer?.[1]) return bearer[1];
  const queryKey = request.query('key');
  return queryKey ? queryKey : null;
}

/**
 * Replaces the value of every `key` query parameter, so a URL can be logged without its API key.
 *
 * @example redactApiKey('/sse?topic=jobs&key=s3cret') // '/sse?topic=jobs&key=redacted'
 */
export function redactApiKey(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const hashStart = url.indexOf('#', queryStart);
  const queryEnd = hashStart === -1 ? url.length : hashStart;
  const query = url
    .slice(queryStart + 1, queryEnd)
    .split('&')
    .map((parameter) => {
      const name = parameter.split('=', 1)[0] ?? '';
      // `k%65y=` decodes to `key=` for the router too, so compare decoded names.
      return safeDecode(name.replaceAll('+', ' ')) === 'key' ? `${name}=redacted` : parameter;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}${url.slice(queryEnd)}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
