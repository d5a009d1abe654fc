import type { MiddlewareHandler } from 'hono';
import { type ApiKeyAuthVariables, apiKeyAuth } from './api-key-auth.ts';
import { requestBodyLimit } from './body-limit.ts';
import { type ClientAddress, clientAddressFrom } from './client-address.ts';
import { corsForOrigins } from './cors.ts';
import { originGuard } from './origin-guard.ts';
import { pageHeaders } from './page-headers.ts';
import { rateLimit } from './rate-limit.ts';
import type { SecurityConfig } from './security-config.ts';

/** Context variables the security middleware sets for the routes behind it. */
export type SecurityVariables = ApiKeyAuthVariables;

/** Options of `securityMiddleware` beyond the configuration. */
export interface SecurityMiddlewareOptions {
  /** Paths (and their sub-paths) under DNS-rebinding protection; default `/mcp` and `/sse`. */
  readonly guardedPaths?: readonly string[];
  /** Routes served without an API key; default `GET /health`, so liveness probes need no key. */
  readonly publicRoutes?: readonly string[];
  /** Client address for the rate limit; default from the socket (or X-Forwarded-For with trustProxy). */
  readonly clientAddress?: ClientAddress;
  /** Clock for the rate limit; injectable for tests. */
  readonly now?: () => number;
}

/**
 * The HTTP security layer as an ordered list for `app.use(...)`: headers, CORS, rate limit, origin
 * guard (guarded paths only), API key, body limit. Cheap refusals come before anything that reads
 * the body, so a client without a key cannot make the server buffer a body.
 *
 * @example
 * const app = new Hono<{ Variables: SecurityVariables }>();
 * app.use(...securityMiddleware(loadSecurityConfig(process.env, { bindHost: config.host })));
 */
export function securityMiddleware(
  config: SecurityConfig,
  options: SecurityMiddlewareOptions = {},
): MiddlewareHandler<{ Variables: SecurityVariables }>[] {
  const guardedPaths = options.guardedPaths ?? ['/mcp', '/sse'];
  const guard = originGuard({
    allowedOrigins: config.corsOrigins,
    allowedHosts: config.allowedHosts,
    allowAnyHost: config.allowAnyHost,
  });
  const isGuarded = (path: string) =>
    guardedPaths.some((guarded) => path === guarded || path.startsWith(`${guarded}/`));
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
      return isGuarded(context.req.path) ? guard(context, next) : next();
    },
    apiKeyAuth({ apiKeys: config.apiKeys, publicRoutes: options.publicRoutes ?? ['GET /health'] }),
    requestBodyLimit({ maxBytes: config.maxBodyBytes }),
  ];
}
