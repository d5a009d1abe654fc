/**
 * The health of an app under test that is fine in every respect: a writable database, the given
 * monitor, no streams, one replica on SQLite holding nothing. Tests of routes and metrics that
 * need `/health` to exist, not to vary.
 */
import type { HealthOptions } from './health.ts';

/** Healthy `HealthOptions` around `monitor`, reporting `version`. */
export function healthyHealth(monitor: HealthOptions['monitor'], version = '9.9.9'): HealthOptions {
  return {
    version,
    startedAt: 0,
    now: () => 0,
    database: { healthCheck: async () => ({ ok: true, writable: true }) },
    monitor,
    sseClients: () => 0,
    fleet: () => ({ replicaId: 'test', database: 'sqlite', canariesOwned: 0, jobsRunning: 0 }),
  };
}
