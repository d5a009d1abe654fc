import { Hono } from 'hono';
import { type AccessScope, routeScope } from './access/index.ts';
import type { SecurityConfig } from './config/index.ts';
import { type EvidenceRoutesOptions, evidenceRoutes } from './evidence-routes.ts';
import { type HealthOptions, healthRoutes } from './health.ts';
import {
  errorResponse,
  type SecurityMiddlewareOptions,
  type SecurityVariables,
  securityMiddleware,
} from './http/index.ts';
import { type McpRoutesOptions, mcpRoutes } from './mcp/index.ts';
import { type CockpitMetrics, metricsRoutes } from './metrics/index.ts';
import { type OAuthResourceServer, protectedResourceRoutes } from './oauth/index.ts';
import { type PagesOptions, pageRoutes, withPagePublicRoutes } from './pages.ts';
import { type SseRoutesOptions, sseRoutes } from './sse-routes.ts';

/**
 * The scope each plain route needs. `/mcp` is checked per tool (`defineTool`); `/health` and the
 * pages are public. No plain route changes state today: one that does would need `operate` here.
 */
export const ROUTE_SCOPES: readonly { readonly route: string; readonly scope: AccessScope }[] = [
  { route: 'GET /sse', scope: 'read' },
  { route: 'GET /metrics', scope: 'read' },
  { route: 'GET /evidence/export', scope: 'read' },
];

/** Context variables every route can read (`operator`: the audit label of the caller; `access`: with its scopes). */
export type AppEnv = { Variables: SecurityVariables };

/** What the HTTP app is built from; `wiring.ts` wires the real parts, tests wire their own. */
export interface AppOptions {
  readonly security: SecurityConfig;
  /** Test seams for the security layer (client address, clock). */
  readonly securityOptions?: Omit<SecurityMiddlewareOptions, 'oauth'>;
  /**
   * The OAuth resource server (`openOAuthResourceServer`) when LUKHAS_OAUTH_ISSUER is set:
   * bearer JWTs of its issuer are accepted and `/.well-known/oauth-protected-resource` is served.
   */
  readonly oauth?: OAuthResourceServer;
  readonly health: HealthOptions;
  /** The MCP endpoint (`/mcp`); left out, the app has no `/mcp` route. */
  readonly mcp?: Omit<McpRoutesOptions, 'maxBodyBytes'>;
  /** The live stream (`/sse`); left out, the app has no `/sse` route. */
  readonly sse?: SseRoutesOptions;
  /**
   * `/metrics`, the HTTP request metrics (counted before the security layer, so refusals count
   * too) and the MCP tool metrics; left out, the app has no `/metrics` route and measures nothing.
   */
  readonly metrics?: Pick<
    CockpitMetrics,
    'httpMiddleware' | 'mcpTools' | 'render' | 'contentType' | 'recordAuthRefusal'
  >;
  /** `GET /evidence/export` (the evidence zip); left out, the app has no such route. */
  readonly evidence?: EvidenceRoutesOptions;
  /** The cockpit and probe pages (public: the key is typed into the page); left out, no pages. */
  readonly pages?: PagesOptions;
  /** Hears every error a route threw that is answered 500; left out, `console.error`. */
  readonly onError?: (error: Error) => void;
}

/**
 * The cockpit's HTTP surface, behind the security layer (headers, CORS, rate limit, origin guard,
 * API key, body limit), with the request metrics in front of it.
 *
 * @example
 * const app = createApp({ security, health, metrics, mcp: { cockpit, version } });
 * const response = await app.request('/health');
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { metrics } = options;
  const app = new Hono<AppEnv>();
  if (metrics !== undefined) app.use(metrics.httpMiddleware);
  const securityOptions =
    options.pages === undefined
      ? options.securityOptions
      : withPagePublicRoutes(options.securityOptions, options.pages);
  const { oauth } = options;
  app.use(
    ...securityMiddleware(options.security, {
      // The refusals are counted by reason whenever there are metrics to count them in.
      ...(metrics === undefined ? {} : { onAuthRefused: (reason) => metrics.recordAuthRefusal(reason) }),
      ...securityOptions,
      ...(oauth === undefined ? {} : { oauth }),
    }),
  );
  for (const { route, scope } of ROUTE_SCOPES) {
    const [method = 'GET', path = route] = route.split(' ');
    app.on(method, path, routeScope(scope, route));
  }
  if (options.pages !== undefined) app.route('/', pageRoutes(options.pages));
  app.route('/', healthRoutes(options.health));
  if (oauth !== undefined) app.route('/', protectedResourceRoutes(oauth.settings));
  if (metrics !== undefined) app.route('/', metricsRoutes(metrics));
  if (options.sse !== undefined) app.route('/', sseRoutes(options.sse));
  if (options.evidence !== undefined) app.route('/', evidenceRoutes(options.evidence));
  if (options.mcp !== undefined) {
    const toolMetrics = options.mcp.metrics ?? metrics?.mcpTools;
    app.route(
      '/',
      mcpRoutes({
        ...options.mcp,
        maxBodyBytes: options.security.maxBodyBytes,
        ...(oauth === undefined ? {} : { resourceMetadataUrl: oauth.settings.resourceMetadataUrl }),
        ...(toolMetrics === undefined ? {} : { metrics: toolMetrics }),
      }),
    );
  }
  app.onError(errorResponse(options.onError ?? ((error) => console.error(`http: ${error.message}`))));
  app.notFound((context) =>
    context.json({ error: `no route for ${context.req.method} ${context.req.path}` }, 404),
  );
  return app;
}
