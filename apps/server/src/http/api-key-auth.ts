import type { Context, HonoRequest, MiddlewareHandler } from 'hono';
import { type Access, ALL_SCOPES } from '../access/index.ts';
import type { ApiKey } from '../config/index.ts';
import { createApiKeyVerifier } from './api-key-verifier.ts';

/** Context variables set by `apiKeyAuth`. */
export interface ApiKeyAuthVariables {
  /** Who is acting, for the audit trail: `key:<8 hex>`, `local` (no keys configured) or `anonymous` (public route). */
  operator: string;
  /** The caller with its scopes (`operator` is `access.operator`): what `requireScope` checks. */
  access: Access;
}

/** Options of `apiKeyAuth`. */
export interface ApiKeyAuthOptions {
  /** LUKHAS_MCP_API_KEYS with their scopes; empty lets every request through as operator `local`. */
  readonly apiKeys: readonly ApiKey[];
  /** Routes served without a key, as `METHOD /path` (HEAD counts as GET), e.g. `GET /health`. */
  readonly publicRoutes?: readonly string[];
  /** Paths where `?key=` is a credential (EventSource cannot send headers); default `/sse` only. */
  readonly queryKeyPaths?: readonly string[];
}

/** The one answer to a missing or wrong key: the same for both, so it tells a prober nothing. */
export const UNAUTHORIZED_BODY = {
  error: 'unauthorized',
  message:
    'a valid API key is required: X-API-Key header, Authorization: Bearer, or ?key= on /sse for EventSource',
} as const;

/**
 * The answer to `?key=` outside the query-key paths, whatever the headers say: a key in a URL ends
 * up in proxy and access logs, so it is refused rather than silently ignored. Says nothing about
 * whether the key is valid.
 */
export const QUERY_KEY_REFUSED_BODY = {
  error: 'unauthorized',
  message:
    '?key= is accepted only on /sse (EventSource cannot send headers); send the key in the X-API-Key or Authorization: Bearer header',
} as const;

/** Sent with every 401. */
export const WWW_AUTHENTICATE = 'Bearer realm="mcp-cockpit"';

// Without keys the cockpit listens on loopback only and whoever reaches it may do everything.
const LOCAL_ACCESS: Access = { operator: 'local', scopes: ALL_SCOPES };
// A public route (`/health`, the pages) needs no key and grants nothing.
const PUBLIC_ACCESS: Access = { operator: 'anonymous', scopes: [] };

/**
 * Requires one of the configured API keys, from `X-API-Key`, `Authorization: Bearer` or, on `/sse`
 * only, `?key=` (EventSource cannot send headers), in that order of precedence, and records who is
 * acting. A `key` query parameter anywhere else is refused (401, {@link QUERY_KEY_REFUSED_BODY}).
 *
 * @example
 * const app = new Hono<{ Variables: ApiKeyAuthVariables }>();
 * app.use(apiKeyAuth({ apiKeys: parseApiKeys(process.env), publicRoutes: ['GET /health'] }));
 * app.post('/mcp', (context) => context.json({ operator: context.get('operator') }));
 */
export function apiKeyAuth(
  options: ApiKeyAuthOptions,
): MiddlewareHandler<{ Variables: ApiKeyAuthVariables }> {
  const verify = createApiKeyVerifier(options.apiKeys);
  const authRequired = options.apiKeys.length > 0;
  const publicRoutes = new Set(options.publicRoutes ?? []);
  const queryKeyPaths = new Set(options.queryKeyPaths ?? ['/sse']);
  const refuse = (context: Context, body: typeof UNAUTHORIZED_BODY | typeof QUERY_KEY_REFUSED_BODY) =>
    context.json(body, 401, { 'WWW-Authenticate': WWW_AUTHENTICATE, 'Cache-Control': 'no-store' });
  return async function apiKeyAuth(context, next) {
    if (!authRequired) {
      grant(context, LOCAL_ACCESS);
      return next();
    }
    const method = context.req.method === 'HEAD' ? 'GET' : context.req.method;
    if (publicRoutes.has(`${method} ${context.req.path}`)) {
      grant(context, PUBLIC_ACCESS);
      return next();
    }
    const queryKeyAllowed = queryKeyPaths.has(context.req.path);
    if (!queryKeyAllowed && context.req.queries('key') !== undefined) {
      return refuse(context, QUERY_KEY_REFUSED_BODY);
    }
    const presented = presentedApiKey(context.req, { query: queryKeyAllowed });
    const access = presented === null ? null : verify(presented);
    if (access === null) return refuse(context, UNAUTHORIZED_BODY);
    grant(context, access);
    return next();
  };
}

function grant(context: Context<{ Variables: ApiKeyAuthVariables }>, access: Access): void {
  context.set('access', access);
  context.set('operator', access.operator);
}

/**
 * The API key a request carries, or null: `X-API-Key`, then `Authorization: Bearer`, then `?key=`
 * (unless `options.query` is false).
 */
export function presentedApiKey(
  request: HonoRequest,
  options: { readonly query?: boolean } = {},
): string | null {
  const headerKey = request.header('x-api-key')?.trim();
  if (headerKey) return headerKey;
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.header('authorization') ?? '');
  if (bearer?.[1]) return bearer[1];
  if (options.query === false) return null;
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
