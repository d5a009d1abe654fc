/**
 * `GET /metrics`: the registry in the Prometheus text format. It sits behind the security layer
 * like every route but `/health`: with API keys configured, Prometheus must send one
 * (`authorization: { credentials: <key> }` or `bearer_token_file` in its scrape config).
 */
import { Hono } from 'hono';
import type { CockpitMetrics } from './cockpit-metrics.ts';

/**
 * The `/metrics` route over `metrics`.
 *
 * @example
 * app.route('/', metricsRoutes(createCockpitMetrics({ cockpit, version, canTakeTraffic })));
 */
export function metricsRoutes(metrics: Pick<CockpitMetrics, 'render' | 'contentType'>): Hono {
  const routes = new Hono();
  routes.get('/metrics', async (context) =>
    context.body(await metrics.render(), 200, { 'content-type': metrics.contentType }),
  );
  return routes;
}
