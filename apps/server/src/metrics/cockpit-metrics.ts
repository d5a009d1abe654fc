/**
 * The cockpit's metrics: one prom-client `Registry` of its own (never the global one), holding the
 * process metrics and every metric of the contract (see README.md), fed without the packages
 * knowing prom-client: counters from the store's events, gauges read at scrape time from the store,
 * the SLO monitor and the SSE bus, and two hooks for the HTTP app and the MCP tools.
 */
import type { CockpitEvent } from '@lukhas/core';
import type { NotificationOutcome } from '@lukhas/notifications';
import type { TrafficRouterCallOutcome } from '@lukhas/traffic-router';
import type { MiddlewareHandler } from 'hono';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { AuthRefusalReason } from '../http/index.ts';
import type { McpToolMetrics } from '../mcp/index.ts';
import { authRefusalMetrics } from './auth-refusal-metrics.ts';
import { eventMetrics } from './event-metrics.ts';
import { type FleetMetricsSource, fleetMetrics } from './fleet-metrics.ts';
import { httpRequestMetrics } from './http-request-metrics.ts';
import { mcpToolMetrics } from './mcp-tool-metrics.ts';
import { notificationMetrics } from './notification-metrics.ts';
import { type ServiceMetrics, serviceMetrics } from './service-metrics.ts';
import { type SloMonitorMetricsSource, sloMonitorMetrics } from './slo-monitor-metrics.ts';
import { type SseMetricsSource, sseMetrics } from './sse-metrics.ts';
import { type StoreMetricsSource, storeMetrics } from './store-metrics.ts';
import { trafficRouterMetrics } from './traffic-router-metrics.ts';

/** The parts of the cockpit the metrics read (the real `Cockpit` has them all). */
export interface MetricsCockpit {
  readonly store: StoreMetricsSource;
  readonly monitor: SloMonitorMetricsSource;
  readonly bus: SseMetricsSource;
  /** The canary engine: the canaries this replica owns and took over. */
  readonly canaries: FleetMetricsSource;
  onEvent(listener: (event: CockpitEvent) => void): () => void;
  /** Subscribes to what became of each notified event. */
  onNotification(listener: (outcome: NotificationOutcome) => void): () => void;
  /** Subscribes to each call made to the traffic router. */
  onRouterCall(listener: (call: TrafficRouterCallOutcome) => void): () => void;
}

/** Options of {@link createCockpitMetrics}. */
export interface CockpitMetricsOptions {
  readonly cockpit: MetricsCockpit;
  /** `cockpit_build_info{version}`. */
  readonly version: string;
  /** The `/health` verdict for `cockpit_health_status`: true when it answers 200. */
  readonly canTakeTraffic: () => Promise<boolean>;
  /** Epoch ms, for `cockpit_canary_overdue_seconds`; default `Date.now`. */
  readonly now?: () => number;
  /** The `cockpit_process_*` / `cockpit_nodejs_*` metrics; default true (tests may leave them out). */
  readonly processMetrics?: boolean;
  /** Told when a scrape-time read fails (that gauge is then left out of the scrape). */
  readonly onError?: (error: unknown) => void;
}

/** The registry and the hooks the app wires. */
export interface CockpitMetrics extends ServiceMetrics {
  readonly registry: Registry;
  /** The `Content-Type` of {@link CockpitMetrics.render}'s text. */
  readonly contentType: string;
  /** The Prometheus text format of every metric, collected now. */
  render(): Promise<string>;
  /** Counts and times HTTP requests by route pattern; put it first in the app. */
  readonly httpMiddleware: MiddlewareHandler;
  /** The MCP routes' `metrics` hook. */
  readonly mcpTools: McpToolMetrics;
  /** Counts one refusal of the authentication layer (`cockpit_auth_refusals_total`). */
  recordAuthRefusal(reason: AuthRefusalReason): void;
  /** Stops listening to the cockpit's events, notifications and router calls. */
  close(): void;
}

// prom-client's per-type gauges already give these sums (`sum(cockpit_nodejs_active_handles)`), and
// a gauge named `_total` is a lint error for `promtool check metrics`.
const GAUGES_NAMED_LIKE_COUNTERS = [
  'cockpit_nodejs_active_handles_total',
  'cockpit_nodejs_active_requests_total',
  'cockpit_nodejs_active_resources_total',
];

/**
 * Builds the registry; create it before `cockpit.recover()` so the recovered transitions count.
 *
 * @example
 * const metrics = createCockpitMetrics({ cockpit, version: '0.1.0', canTakeTraffic: async () => (await checkHealth(health)).ready });
 * const app = createApp({ security, health, metrics, mcp: { cockpit, version: '0.1.0' } });
 * // GET /metrics → cockpit_jobs{status="running"} 1 …
 */
export function createCockpitMetrics(options: CockpitMetricsOptions): CockpitMetrics {
  const { cockpit } = options;
  const registry = new Registry();
  if (options.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: 'cockpit_' });
    for (const name of GAUGES_NAMED_LIKE_COUNTERS) registry.removeSingleMetric(name);
  }
  const service = serviceMetrics({
    registry,
    version: options.version,
    canTakeTraffic: options.canTakeTraffic,
  });
  const httpMiddleware = httpRequestMetrics({ registry });
  const mcpTools = mcpToolMetrics({ registry });
  const recordAuthRefusal = authRefusalMetrics({ registry });
  const unsubscribers = [
    eventMetrics({ registry, onEvent: (listener) => cockpit.onEvent(listener) }),
    notificationMetrics({ registry, onNotification: (listener) => cockpit.onNotification(listener) }),
    trafficRouterMetrics({ registry, onRouterCall: (listener) => cockpit.onRouterCall(listener) }),
  ];
  storeMetrics({
    registry,
    store: cockpit.store,
    now: options.now ?? Date.now,
    onError: options.onError ?? (() => {}),
  });
  sloMonitorMetrics({ registry, monitor: cockpit.monitor });
  sseMetrics({ registry, bus: cockpit.bus });
  fleetMetrics({ registry, canaries: cockpit.canaries });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    httpMiddleware,
    mcpTools,
    recordEvidenceExport: service.recordEvidenceExport,
    recordAuthRefusal,
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
