export {
  type CockpitMetrics,
  type CockpitMetricsOptions,
  createCockpitMetrics,
  type MetricsCockpit,
} from './cockpit-metrics.ts';
export { eventMetrics } from './event-metrics.ts';
export { httpRequestMetrics, methodLabel, routeLabel, UNMATCHED_ROUTE } from './http-request-metrics.ts';
export { BREACH_TO_ROLLBACK_BUCKETS, LATENCY_BUCKETS } from './latency-buckets.ts';
export { mcpToolMetrics } from './mcp-tool-metrics.ts';
export { metricsRoutes } from './metrics-routes.ts';
export { NOTIFICATION_OUTCOMES, notificationMetrics } from './notification-metrics.ts';
export { type EvidenceExportOutcome, type ServiceMetrics, serviceMetrics } from './service-metrics.ts';
export { type SloMonitorMetricsSource, sloMonitorMetrics } from './slo-monitor-metrics.ts';
export { type SseMetricsSource, sseMetrics } from './sse-metrics.ts';
export { type StoreMetricsSource, storeMetrics } from './store-metrics.ts';
export { trafficRouterMetrics } from './traffic-router-metrics.ts';
