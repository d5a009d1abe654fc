export { createSloMonitor, type SloMonitorOptions } from './create-slo-monitor.ts';
export {
  FALLBACK_KINDS,
  type FallbackEvent,
  type FallbackKind,
  type SloMonitorStats,
} from './fallback-stats.ts';
export {
  createPrometheusMonitor,
  type PrometheusMonitor,
  type RangePoint,
  type RangeQuery,
} from './prometheus-monitor.ts';
export {
  DEFAULT_PROMETHEUS_QUERIES,
  DEFAULT_PROMETHEUS_TIMEOUT_MS,
  type PrometheusFetch,
  type PrometheusFetchResponse,
  type PrometheusMonitorOptions,
  type PrometheusQueries,
  type PrometheusSettings,
  parsePrometheusSettings,
} from './prometheus-options.ts';
export {
  escapePromqlString,
  formatPromDuration,
  type PromqlTemplateValues,
  renderPromqlTemplate,
} from './promql-template.ts';
export { isSloPromError, SloPromError, type SloPromErrorCode } from './slo-prom-error.ts';
export {
  createStubMonitor,
  STUB_HEALTHY_PROFILE,
  type StubCall,
  type StubMonitor,
  type StubMonitorOptions,
  type StubScript,
  type StubTarget,
  type StubValues,
} from './stub-monitor.ts';
