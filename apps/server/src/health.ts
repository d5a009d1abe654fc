import { Hono } from 'hono';

/** What the health route asks of the database. */
export interface DatabaseHealth {
  healthCheck(): Promise<{ ok: boolean; writable: boolean; error?: string }>;
}

/** What the health route asks of the SLO monitor. */
export interface MonitorHealth {
  readonly mode: 'prometheus' | 'stub';
  /** Epoch ms since when every sample has been a fallback, or null. */
  fallbackSince(): number | null;
}

/** The parts of the running cockpit that `/health` reports on. */
export interface HealthOptions {
  readonly version: string;
  readonly startedAt: number;
  readonly now: () => number;
  readonly database: DatabaseHealth;
  readonly databaseFile: string;
  readonly monitor: MonitorHealth;
  readonly sseClients: () => number;
}

/** `GET /health`: 200 when the cockpit can take traffic, 503 (same body) when its database cannot write. */
export function healthRoutes(options: HealthOptions): Hono {
  const routes = new Hono();
  routes.get('/health', async (context) => {
    const database = await options.database.healthCheck();
    const fallbackSince = options.monitor.fallbackSince();
    const ok = database.ok && database.writable;
    const body = {
      status: ok ? (fallbackSince === null ? 'ok' : 'degraded') : 'down',
      version: options.version,
      uptimeSeconds: Math.round((options.now() - options.startedAt) / 1000),
      db: { ok: database.ok, writable: database.writable, file: options.databaseFile, error: database.error },
      sloMonitor: {
        mode: options.monitor.mode,
        fallback: fallbackSince !== null,
        fallbackSince: fallbackSince === null ? null : new Date(fallbackSince).toISOString(),
      },
      sse: { clients: options.sseClients() },
    };
    return context.json(body, ok ? 200 : 503);
  });
  return routes;
}
