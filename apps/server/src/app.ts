import { Hono } from 'hono';
import { type HealthOptions, healthRoutes } from './health.ts';

/** What the HTTP app is built from; `main.ts` wires the real parts, tests wire their own. */
export interface AppOptions {
  readonly health: HealthOptions;
}

/**
 * The cockpit's HTTP surface.
 *
 * @example
 * const app = createApp({ health });
 * const response = await app.request('/health');
 */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.route('/', healthRoutes(options.health));
  app.notFound((context) =>
    context.json({ error: `no route for ${context.req.method} ${context.req.path}` }, 404),
  );
  return app;
}
