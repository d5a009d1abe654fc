/**
 * The cockpit's metrics contract (GET /metrics, see apps/server): every family the rules and the
 * dashboard may read. The rules and dashboard tests check their expressions against it, and the
 * end-to-end test checks the real server exposes every family.
 */

/** A metric family as `# TYPE` declares it. */
export interface MetricFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
}

/** The cockpit's own families. */
export const COCKPIT_METRICS: readonly MetricFamily[] = [
  { name: 'cockpit_build_info', type: 'gauge', labels: ['version'] },
  { name: 'cockpit_http_requests_total', type: 'counter', labels: ['route', 'method', 'status'] },
  { name: 'cockpit_http_request_duration_seconds', type: 'histogram', labels: ['route', 'method'] },
  { name: 'cockpit_mcp_tool_calls_total', type: 'counter', labels: ['tool', 'outcome'] },
  { name: 'cockpit_mcp_tool_duration_seconds', type: 'histogram', labels: ['tool'] },
  { name: 'cockpit_jobs', type: 'gauge', labels: ['status'] },
  { name: 'cockpit_job_transitions_total', type: 'counter', labels: ['type'] },
  { name: 'cockpit_canaries', type: 'gauge', labels: ['status'] },
  { name: 'cockpit_canary_decisions_total', type: 'counter', labels: ['outcome', 'rule'] },
  { name: 'cockpit_canary_samples_total', type: 'counter', labels: ['fallback'] },
  { name: 'cockpit_slo_fallback_samples_total', type: 'counter', labels: ['reason'] },
  { name: 'cockpit_slo_fallback_engaged_since_seconds', type: 'gauge', labels: [] },
  { name: 'cockpit_slo_monitor_info', type: 'gauge', labels: ['mode'] },
  { name: 'cockpit_canary_breach_to_rollback_seconds', type: 'histogram', labels: [] },
  { name: 'cockpit_canary_overdue_seconds', type: 'gauge', labels: [] },
  { name: 'cockpit_sse_clients', type: 'gauge', labels: [] },
  { name: 'cockpit_sse_connections_total', type: 'counter', labels: [] },
  { name: 'cockpit_sse_events_published_total', type: 'counter', labels: [] },
  { name: 'cockpit_sse_events_delivered_total', type: 'counter', labels: [] },
  { name: 'cockpit_sse_slow_disconnects_total', type: 'counter', labels: [] },
  { name: 'cockpit_sse_replays_total', type: 'counter', labels: [] },
  { name: 'cockpit_evidence_exports_total', type: 'counter', labels: ['outcome'] },
  { name: 'cockpit_health_status', type: 'gauge', labels: [] },
];

/** The process families (prom-client's default metrics, prefixed `cockpit_`) the dashboard reads. */
export const PROCESS_METRICS: readonly MetricFamily[] = [
  { name: 'cockpit_process_cpu_seconds_total', type: 'counter', labels: [] },
  { name: 'cockpit_process_resident_memory_bytes', type: 'gauge', labels: [] },
  { name: 'cockpit_nodejs_heap_size_used_bytes', type: 'gauge', labels: [] },
  { name: 'cockpit_nodejs_heap_size_total_bytes', type: 'gauge', labels: [] },
  { name: 'cockpit_nodejs_eventloop_lag_seconds', type: 'gauge', labels: [] },
  { name: 'cockpit_nodejs_eventloop_lag_p99_seconds', type: 'gauge', labels: [] },
];

/** Series Prometheus itself writes: the scrape's `up` and the rule manager's `ALERTS`. */
export const PROMETHEUS_SERIES: readonly string[] = ['up', 'ALERTS'];

/** The series names a family exposes (a histogram's `_bucket`, `_sum` and `_count`). */
export function seriesNames(family: MetricFamily): string[] {
  if (family.type !== 'histogram') return [family.name];
  return ['_bucket', '_sum', '_count'].map((suffix) => `${family.name}${suffix}`);
}

/** Every series name of the contract, process families included. */
export function contractSeriesNames(): Set<string> {
  return new Set([...COCKPIT_METRICS, ...PROCESS_METRICS].flatMap(seriesNames));
}
