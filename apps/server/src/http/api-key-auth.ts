import { isCockpitError } from '@lukhas/core';
import type { Context, HonoRequest, MiddlewareHandler } from 'hono';
import { type Access, AccessError, ALL_SCOPES } from '../access/index.ts';
import type { ApiKey } from '../config/index.ts';
import {
  insufficientScopeChallenge,
  OAUTH_SCOPE_FOR,
  type OAuthResourceServer,
  OAuthTokenError,
  unauthorizedChallenge,
} from '../oauth/index.ts';
import { createApiKeyVerifier } from './api-key-verifier.ts';
import type { AuthRefusalReason } from './auth-refusal.ts';

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
  /**
   * LUKHAS_OAUTH_ISSUER's resource server: a bearer that is not a configured key and looks like a
   * JWT is verified as an access token. Left out, API keys only.
   */
  readonly oauth?: Pick<OAuthResourceServer, 'settings' | 'verify'>;
  /** Hears a token that could not be checked because the issuer's keys could not be fetched (503). */
  readonly onIssuerUnavailable?: (error: Error) => void;
  /** Hears every refusal with its reason (`cockpit_auth_refusals_total`). */
  readonly onRefused?: (reason: AuthRefusalReason) => void;
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

/** The answer to `?access_token=` when OAuth is on: refused wherever it appears. */
export const QUERY_TOKEN_REFUSED_BODY = {
  error: 'unauthorized',
  message:
    '?access_token= is not accepted (it would end up in logs); send the token in the Authorization: Bearer header',
} as const;

/** The 401 answer when an OAuth issuer is configured: it names both ways in. */
export const OAUTH_UNAUTHORIZED_BODY = {
  error: 'unauthorized',
  message:
    'a valid OAuth access token (Authorization: Bearer; the WWW-Authenticate header names the metadata) or API key (X-API-Key) is required',
} as const;

/** Sent with every 401 when no OAuth issuer is configured. */
export const WWW_AUTHENTICATE = 'Bearer realm="mcp-cockpit"';

// Three base64url segments: a JWS compact serialization (a configured key was matched first).
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

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
  const { oauth } = options;
  const authRequired = options.apiKeys.length > 0 || oauth !== undefined;
  const publicRoutes = new Set(options.publicRoutes ?? []);
  const queryKeyPaths = new Set(options.queryKeyPaths ?? ['/sse']);
  const resourceMetadataUrl = oauth?.settings.resourceMetadataUrl;
  const challenge = (invalidToken?: string) =>
    resourceMetadataUrl === undefined
      ? WWW_AUTHENTICATE
      : unauthorizedChallenge({
          resourceMetadataUrl,
          ...(invalidToken === undefined ? {} : { invalidToken }),
        });
  const refused = options.onRefused ?? (() => {});
  const refuse = (
    context: Context,
    reason: AuthRefusalReason,
    body: { readonly error: string; readonly message: string },
    invalidToken?: string,
  ) => {
    refused(reason);
    return context.json(body, 401, {
      'WWW-Authenticate': challenge(invalidToken),
      'Cache-Control': 'no-store',
    });
  };
  const unauthorized = oauth === undefined ? UNAUTHORIZED_BODY : OAUTH_UNAUTHORIZED_BODY;
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
      return refuse(context, 'credential_in_query', QUERY_KEY_REFUSED_BODY);
    }
    if (oauth !== undefined && context.req.queries('access_token') !== undefined) {
      // OAuth 2.1 §5.2.2 drops the query form: a token in a URL ends up in logs.
      return refuse(context, 'credential_in_query', QUERY_TOKEN_REFUSED_BODY);
    }
    const presented = presentedApiKey(context.req, { query: queryKeyAllowed });
    let access = presented === null ? null : verify(presented);
    // A bearer that is no configured key and looks like a JWT is an access token; X-API-Key is
    // always a key (it takes precedence, so a wrong one is refused whatever the bearer holds).
    const sentKeyHeader = Boolean(context.req.header('x-api-key')?.trim());
    if (access === null && oauth !== undefined && !sentKeyHeader) {
      const token = presentedBearer(context.req);
      if (token !== null && JWT_SHAPE.test(token)) {
        try {
          access = await oauth.verify(token);
        } catch (error) {
          if (!(error instanceof OAuthTokenError) || error.code !== 'INVALID_TOKEN') {
            options.onIssuerUnavailable?.(error instanceof Error ? error : new Error(String(error)));
            refused('issuer_unavailable');
            return context.json(
              {
                error: 'issuer_unavailable',
                message: isCockpitError(error) ? error.message : 'the token could not be checked',
              },
              503,
              { 'Cache-Control': 'no-store', 'Retry-After': '5' },
            );
          }
          return refuse(
            context,
            'invalid_token',
            { error: 'invalid_token', message: error.message },
            error.message,
          );
        }
      }
    }
    if (access === null) {
      return refuse(context, presented === null ? 'missing_credential' : 'invalid_key', unauthorized);
    }
    grant(context, access);
    await next();
    if (access.credential === 'oauth' && resourceMetadataUrl !== undefined) {
      addStepUpChallenge(context, resourceMetadataUrl);
      // Routes and /mcp alike answer a missing scope with this challenge (scope-step-up.ts on /mcp).
      if (isScopeChallenge(context.res)) refused('insufficient_scope');
    }
  };
}

// A route refused an OAuth caller for a scope (`routeScope` threw, `app.onError` answered 403):
// the challenge tells the client which scope to ask the authorization server for (step-up).
function addStepUpChallenge(context: Context, resourceMetadataUrl: string): void {
  const error = context.error;
  if (!(error instanceof AccessError) || context.res.status !== 403) return;
  context.res.headers.set(
    'WWW-Authenticate',
    insufficientScopeChallenge({ resourceMetadataUrl, scope: OAUTH_SCOPE_FOR[error.scope] }),
  );
}

function isScopeChallenge(response: Response): boolean {
  return (
    response.status === 403 &&
    (response.headers.get('WWW-Authenticate') ?? '').includes('error="insufficient_scope"')
  );
}

function grant(context: Context<{ Variables: ApiKeyAuthVariables }>, access: Access): void {
  context.set('access', access);
  context.set('operator', access.operator);
}

/** The `Authorization: Bearer` credential of a request, or null. */
export function presentedBearer(request: HonoRequest): string | null {
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.header('authorization') ?? '');
  return bearer?.[1] ? bearer[1] : null;
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
  const bearer = presentedBearer(request);
  if (bearer !== null) return bearer;
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
