/**
 * `GET /health`: whether the cockpit should receive traffic (200, or 503 with the same body), a
 * score from 0 to 1, and the checks behind both.
 *
 * Score: 0 when the database cannot write (mandatory: nothing could be recorded); otherwise
 * `1 − 0.3 (SLO monitor in fallback) − 0.5 × min(1, lagP99 / maxLag)`, rounded to 2 decimals.
 * 503 when the database cannot write or the event loop lag p99 is above `maxEventLoopLagMs`.
 * `status`: `down` with a 503, `degraded` when the score is below 0.75 (the SLO monitor in
 * fallback, or a lag above half the limit), `ok` otherwise.
 */
import { Hono } from 'hono';
import type { FleetStatus } from './fleet-status.ts';

/** What the health route asks of the database. */
export interface DatabaseHealth {
  /** `skipped`: the checks this backend does not run, and why (PostgreSQL: the SQLite file checks). */
  healthCheck(): Promise<{ ok: boolean; writable: boolean; error?: string; skipped?: string }>;
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
  readonly monitor: MonitorHealth;
  readonly sseClients: () => number;
  /** This replica, its database and the work it holds (`fleet-status.ts`). */
  readonly fleet: () => FleetStatus;
  /** Event loop lag p99 over the last interval, ms (see `event-loop-lag.ts`); left out, not measured (0). */
  readonly eventLoopLagMs?: () => number;
  /** Above this lag the cockpit answers 503 (LUKHAS_HEALTH_MAX_LAG_MS); default 1000. */
  readonly maxEventLoopLagMs?: number;
}

/** One check behind the verdict. */
export interface HealthCheckResult {
  readonly ok: boolean;
  /** Failing it means 503. */
  readonly required: boolean;
  /** What it takes off the score. */
  readonly penalty: number;
  readonly detail: string;
}

/** The `/health` body. */
export interface HealthReport {
  readonly status: 'ok' | 'degraded' | 'down';
  /** True with a 200: the cockpit can take traffic. */
  readonly ready: boolean;
  readonly score: number;
  readonly version: string;
  readonly uptimeSeconds: number;
  /** No path: `/health` is public, and a database URL would carry its password. */
  readonly db: { ok: boolean; writable: boolean; error?: string; skipped?: string };
  readonly sloMonitor: {
    mode: 'prometheus' | 'stub';
    /** Not in fallback: its last samples were read for real. */
    reachable: boolean;
    fallback: boolean;
    fallbackSince: string | null;
  };
  readonly eventLoop: { lagP99Ms: number; maxLagMs: number };
  readonly sse: { clients: number };
  readonly fleet: FleetStatus;
  readonly checks: {
    readonly db: HealthCheckResult;
    readonly sloMonitor: HealthCheckResult;
    readonly eventLoop: HealthCheckResult;
    readonly sse: HealthCheckResult;
  };
}

/** The default of `maxEventLoopLagMs`. */
export const DEFAULT_MAX_EVENT_LOOP_LAG_MS = 1000;

const FALLBACK_PENALTY = 0.3;
const LAG_PENALTY = 0.5;
const DEGRADED_BELOW = 0.75;

/**
 * Runs every check once. The database check is read-only: it stats the files, reads a row and
 * reports the latest write's outcome (the store probes writability itself, rarely).
 *
 * @example
 * const report = await checkHealth(options);
 * if (!report.ready) console.warn(`not ready: ${report.checks.db.detail}`);
 */
export async function checkHealth(options: HealthOptions): Promise<HealthReport> {
  const database = await options.database.healthCheck();
  const fallbackSince = options.monitor.fallbackSince();
  const lagP99Ms = options.eventLoopLagMs?.() ?? 0;
  const maxLagMs = options.maxEventLoopLagMs ?? DEFAULT_MAX_EVENT_LOOP_LAG_MS;
  const clients = options.sseClients();
  const writable = database.ok && database.writable;
  const fallbackIso = fallbackSince === null ? null : new Date(fallbackSince).toISOString();

  const checks = {
    db: {
      ok: writable,
      required: true,
      penalty: writable ? 0 : 1,
      detail: writable ? 'writable' : (database.error ?? 'not writable'),
    },
    sloMonitor: {
      ok: fallbackSince === null,
      required: false,
      penalty: fallbackSince === null ? 0 : FALLBACK_PENALTY,
      detail:
        fallbackSince === null
          ? `${options.monitor.mode}: samples read`
          : `${options.monitor.mode}: every sample a conservative fallback since ${fallbackIso}`,
    },
    eventLoop: {
      ok: lagP99Ms <= maxLagMs,
      required: true,
      penalty: round(LAG_PENALTY * Math.min(1, lagP99Ms / maxLagMs)),
      detail:
        options.eventLoopLagMs === undefined
          ? 'not measured'
          : `lag p99 ${lagP99Ms} ms (503 above ${maxLagMs} ms)`,
    },
    sse: { ok: true, required: false, penalty: 0, detail: `${clients} open streams` },
  };
  const all = Object.values(checks);
  const ready = all.every((check) => check.ok || !check.required);
  const score = writable ? round(Math.max(0, 1 - all.reduce((sum, check) => sum + check.penalty, 0))) : 0;
  return {
    status: ready ? (score < DEGRADED_BELOW ? 'degraded' : 'ok') : 'down',
    ready,
    score,
    version: options.version,
    uptimeSeconds: Math.round((options.now() - options.startedAt) / 1000),
    db: {
      ok: database.ok,
      writable: database.writable,
      error: database.error,
      ...(database.skipped === undefined ? {} : { skipped: database.skipped }),
    },
    sloMonitor: {
      mode: options.monitor.mode,
      reachable: fallbackSince === null,
      fallback: fallbackSince !== null,
      fallbackSince: fallbackIso,
    },
    eventLoop: { lagP99Ms, maxLagMs },
    sse: { clients },
    fleet: options.fleet(),
    checks,
  };
}

/** `GET /health`: the report, 200 when the cockpit can take traffic, 503 (same body) when not. */
export function healthRoutes(options: HealthOptions): Hono {
  const routes = new Hono();
  routes.get('/health', async (context) => {
    const report = await checkHealth(options);
    return context.json(report, report.ready ? 200 : 503);
  });
  return routes;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
