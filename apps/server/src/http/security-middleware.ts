import type { MiddlewareHandler } from 'hono';
import type { SecurityConfig } from '../config/index.ts';
import { type OAuthResourceServer, PROTECTED_RESOURCE_PATHS } from '../oauth/index.ts';
import { type ApiKeyAuthVariables, apiKeyAuth } from './api-key-auth.ts';
import type { AuthRefusalReason } from './auth-refusal.ts';
import { requestBodyLimit } from './body-limit.ts';
import { type ClientAddress, clientAddressFrom } from './client-address.ts';
import { corsForOrigins } from './cors.ts';
import { originGuard } from './origin-guard.ts';
import { pageHeaders } from './page-headers.ts';
import { rateLimit } from './rate-limit.ts';

/** Context variables the security middleware sets for the routes behind it. */
export type SecurityVariables = ApiKeyAuthVariables;

/** Options of `securityMiddleware` beyond the configuration. */
export interface SecurityMiddlewareOptions {
  /**
   * Paths (and their sub-paths) under DNS-rebinding protection when API keys are set; default
   * `/mcp` and `/sse`. Without keys every route is guarded: nothing else protects them then.
   */
  readonly guardedPaths?: readonly string[];
  /**
   * Routes served without an API key; default `GET /health`, so liveness probes need no key. The
   * protected-resource metadata is public as well when OAuth is on.
   */
  readonly publicRoutes?: readonly string[];
  /** Client address for the rate limit; default from the socket (or X-Forwarded-For with trustProxy). */
  readonly clientAddress?: ClientAddress;
  /** Clock for the rate limit; injectable for tests. */
  readonly now?: () => number;
  /** The OAuth resource server opened at start (LUKHAS_OAUTH_ISSUER); left out, API keys only. */
  readonly oauth?: OAuthResourceServer;
  /** Hears a token that could not be checked because the issuer's keys could not be fetched. */
  readonly onIssuerUnavailable?: (error: Error) => void;
  /** Hears every authentication refusal with its reason (`cockpit_auth_refusals_total`). */
  readonly onAuthRefused?: (reason: AuthRefusalReason) => void;
}

/**
 * The HTTP security layer as an ordered list for `app.use(...)`: headers, CORS, rate limit, origin
 * guard (every route without API keys, the guarded paths with them), API key, body limit. Cheap refusals come before anything that reads
 * the body, so a client without a key cannot make the server buffer a body.
 *
 * @example
 * const app = new Hono<{ Variables: SecurityVariables }>();
 * app.use(...securityMiddleware(config.security)); // config = loadCockpitConfig(env, cwd)
 */
export function securityMiddleware(
  config: SecurityConfig,
  options: SecurityMiddlewareOptions = {},
): MiddlewareHandler<{ Variables: SecurityVariables }>[] {
  const guardedPaths = options.guardedPaths ?? ['/mcp', '/sse'];
  const hosts = {
    allowedOrigins: config.corsOrigins,
    allowedHosts: config.allowedHosts,
    allowAnyHost: config.allowAnyHost,
  };
  const rpcGuard = originGuard(hosts);
  const plainGuard = originGuard({ ...hosts, refusal: 'json' });
  const isRpcPath = (path: string) =>
    guardedPaths.some((guarded) => path === guarded || path.startsWith(`${guarded}/`));
  // With keys, a rebinding page has no key to send; without, the Host check is the only defence of
  // the evidence zip, /metrics and the pages. /health too: a keyless cockpit listens on loopback,
  // where probes connect as localhost anyway.
  const guardsEveryRoute = config.apiKeys.length === 0 && options.oauth === undefined;
  // The protected-resource metadata is read before a client has a token.
  const publicRoutes = [
    ...(options.publicRoutes ?? ['GET /health']),
    ...(options.oauth === undefined ? [] : PROTECTED_RESOURCE_PATHS.map((path) => `GET ${path}`)),
  ];
  return [
    pageHeaders(),
    corsForOrigins({ origins: config.corsOrigins }),
    rateLimit({
      capacity: config.rateLimitBucket,
      windowMs: config.rateLimitWindowMs,
      clientAddress: options.clientAddress ?? clientAddressFrom({ trustProxy: config.trustProxy }),
      ...(options.now ? { now: options.now } : {}),
    }),
    async function originGuardOnGuardedPaths(context, next) {
      if (isRpcPath(context.req.path)) return rpcGuard(context, next);
      return guardsEveryRoute ? plainGuard(context, next) : next();
    },
    apiKeyAuth({
      apiKeys: config.apiKeys,
      publicRoutes,
      ...(options.oauth === undefined ? {} : { oauth: options.oauth }),
      ...(options.onIssuerUnavailable === undefined
        ? {}
        : { onIssuerUnavailable: options.onIssuerUnavailable }),
      ...(options.onAuthRefused === undefined ? {} : { onRefused: options.onAuthRefused }),
    }),
    requestBodyLimit({ maxBytes: config.maxBodyBytes }),
  ];
}
