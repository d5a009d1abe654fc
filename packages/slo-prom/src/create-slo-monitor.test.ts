import { describe, expect, it } from 'vitest';
import { createSloMonitor } from './create-slo-monitor.ts';
import { parsePrometheusSettings } from './prometheus-options.ts';

describe('createSloMonitor', () => {
  it('returns the stub without PROM_URL', async () => {
    const monitor = createSloMonitor({ prometheus: parsePrometheusSettings({}), stub: { jitter: 0 } });
    expect(monitor.mode).toBe('stub');
    const reading = await monitor.sample({
      modelId: 'm',
      gate: 'stage',
      windowSeconds: 60,
      metrics: ['latency_p95_ms'],
    });
    expect(reading.values.latency_p95_ms).toBe(120);
  });

  it('returns the Prometheus adapter with PROM_URL, wired to the injected fetch and bearer', async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const monitor = createSloMonitor({
      prometheus: parsePrometheusSettings({
        PROM_URL: 'http://prometheus:9090',
        PROM_BEARER: 'Bearer t0k',
        PROM_Q_LAT: 'lat{gate="$__gate"}',
      }),
      fetch: async (url, init) => {
        seen.push({ url, authorization: init.headers.authorization });
        return Response.json({ status: 'success', data: { resultType: 'scalar', result: [0, '42'] } });
      },
    });
    expect(monitor.mode).toBe('prometheus');
    const reading = await monitor.sample({
      modelId: 'm',
      gate: 'stage',
      windowSeconds: 60,
      metrics: ['latency_p95_ms'],
    });
    expect(reading.values.latency_p95_ms).toBe(42);
    expect(seen).toEqual([
      {
        url: `http://prometheus:9090/api/v1/query?query=${encodeURIComponent('lat{gate="stage"}')}`,
        authorization: 'Bearer t0k',
      },
    ]);
  });

  it('fails at start for an unusable PROM_URL', () => {
    expect(() =>
      createSloMonitor({ prometheus: parsePrometheusSettings({ PROM_URL: 'localhost:9090' }) }),
    ).toThrowError(expect.objectContaining({ code: 'PROM_INVALID_CONFIG' }));
  });
});
