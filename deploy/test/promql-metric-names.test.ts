import { describe, expect, it } from 'vitest';
import { metricNames } from './promql-metric-names.ts';

describe('metricNames', () => {
  it.each([
    ['cockpit_sse_clients', ['cockpit_sse_clients']],
    [
      'sum by (route, le) (rate(cockpit_http_request_duration_seconds_bucket{job="$job",route=~"/sse|/metrics"}[$__rate_interval]))',
      ['cockpit_http_request_duration_seconds_bucket'],
    ],
    [
      'rate(cockpit_sse_slow_disconnects_total[5m]) / clamp_min(rate(cockpit_sse_connections_total[5m]), 1e-9) > 0.05',
      ['cockpit_sse_connections_total', 'cockpit_sse_slow_disconnects_total'],
    ],
    [
      'x > 0 and (time() - x) > 90 or on (job) group_left(version) cockpit_build_info * 0',
      ['cockpit_build_info', 'x'],
    ],
    ['cockpit:http_errors:ratio_rate1h{job="$job"} / 0.001', ['cockpit:http_errors:ratio_rate1h']],
    ['sum(rate(a_total[5m] offset 1h)) without (instance) > bool Inf', ['a_total']],
    ['ALERTS{alertname=~"Cockpit.*",label="}[("}', ['ALERTS']],
  ])('%s', (expr, names) => {
    expect(metricNames(expr)).toEqual(names);
  });
});
