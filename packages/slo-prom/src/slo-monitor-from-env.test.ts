import { describe, expect, it } from 'vitest';
import { createSloMonitorFromEnv } from './slo-monitor-from-env.ts';

describe('createSloMonitorFromEnv', () => {
  it('returns the stub without PROM_URL', async () => {
    const monitor = createSloMonitorFromEnv({}, { stub: { jitter: 0 } });
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
    const monitor = createSloMonitorFromEnv(
      { PROM_URL: 'http://prometheus:9090', PROM_BEARER: 'Bearer t0k', PROM_Q_LAT: 'lat{gate="$__gate"}' },
      {
        fetch: async (url, init) => {
          seen.push({ url, authorization: init.headers.authorization });
          return Response.json({ status: 'success', data: { resultType: 'scalar', result: [0, '42'] } });
        },
      },
    );
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
    expect(() => createSloMonitorFromEnv({ PROM_URL: 'localhost:9090' })).toThrowError(
      expect.objectContaining({ code: 'PROM_INVALID_CONFIG' }),
    );
  });
});
