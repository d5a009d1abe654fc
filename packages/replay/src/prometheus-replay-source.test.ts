import { createPrometheusMonitor, isSloPromError, type PrometheusFetch } from '@lukhas/slo-prom';
import { describe, expect, it } from 'vitest';
import { at, LOOSE, T0 } from '../test/replay-fixtures.ts';
import { prometheusReplaySource } from './prometheus-replay-source.ts';
import { replayFromSource } from './replay-from-source.ts';

// A Prometheus answering range queries: latency 250 ms except a spike at 14:02:00, errors 0.1%.
function fakePrometheus(options: { driftConfigured?: boolean; down?: boolean } = {}) {
  const queries: string[] = [];
  const fetch: PrometheusFetch = async (url) => {
    if (options.down) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const params = new URL(url).searchParams;
    const query = params.get('query') ?? '';
    queries.push(query);
    const start = Number(params.get('start'));
    const end = Number(params.get('end'));
    const step = Number(params.get('step'));
    const values: [number, string][] = [];
    for (let seconds = start; seconds <= end; seconds += step) {
      // The baseline gate (stage) answers 200 ms, and nothing at 14:03:00.
      if (query.includes('model_latency_bucket') && query.includes('gate="stage"')) {
        if (seconds !== T0 / 1000 + 180) values.push([seconds, String(200 + (seconds % 7))]);
      } else if (query.includes('model_latency_bucket'))
        values.push([seconds, seconds === T0 / 1000 + 120 ? '900' : '250']);
      else if (query.includes('drift')) values.push([seconds, '0.02']);
      else if (seconds !== T0 / 1000 + 60) values.push([seconds, '0.001']);
    }
    const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } };
    return { ok: true, status: 200, text: async () => JSON.stringify(body) };
  };
  const monitor = createPrometheusMonitor({
    url: 'http://prometheus.test',
    fetch,
    ...(options.driftConfigured ? { queries: { drift: 'model_drift{gate="$__gate"}' } } : {}),
  });
  return { monitor, queries };
}

const window = { from: '2025-09-28T14:00:00Z', to: '2025-09-28T14:10:00Z' };

describe('prometheusReplaySource', () => {
  it('replays range data from slo-prom as one synthetic canary, steps at the policy interval', async () => {
    const { monitor, queries } = fakePrometheus();
    const source = prometheusReplaySource({ monitor, gate: 'production' });
    const policy = { ...LOOSE, failureLimit: 0 };
    const result = await replayFromSource({ source, modelId: 'matriz-v3', policy, window });
    expect(queries).toHaveLength(2);
    expect(queries[0]).toContain('[300s]');
    const [canary] = result.canaries;
    expect(result.source).toBe('prometheus');
    expect(canary?.samples).toHaveLength(21);
    expect(canary?.samples[2]).toMatchObject({
      at: at(60),
      observed: { latency_p95_ms: 250, error_rate: null },
      fallbackCounterfactual: true,
    });
    expect(canary?.counterfactual).toMatchObject({ rule: 'breach_limit', decidedAt: at(60) });
    expect(canary?.counterfactual.reason).toContain('error_rate fallback: no data');
  });

  it('queries drift when the policy targets it, and leaves it unjudged when no drift query is configured', async () => {
    const policy = { ...LOOSE, targets: { ...LOOSE.targets, max_drift: 0.1 } };
    const configured = fakePrometheus({ driftConfigured: true });
    const judged = await replayFromSource({
      source: prometheusReplaySource({ monitor: configured.monitor, gate: 'production' }),
      modelId: 'matriz-v3',
      policy,
      window,
    });
    expect(configured.queries).toHaveLength(3);
    expect(judged.canaries[0]?.samples[0]?.observed.drift).toBe(0.02);
    expect(judged.canaries[0]?.unjudgedTargets).toEqual([]);

    const bare = fakePrometheus();
    const unjudged = await replayFromSource({
      source: prometheusReplaySource({ monitor: bare.monitor, gate: 'production' }),
      modelId: 'matriz-v3',
      policy,
      window,
    });
    expect(unjudged.canaries[0]?.unjudgedTargets).toEqual(['max_drift']);
  });

  it('fails with slo-prom PROM_QUERY_FAILED when Prometheus cannot answer, instead of judging invented values', async () => {
    const { monitor } = fakePrometheus({ down: true });
    const source = prometheusReplaySource({ monitor, gate: 'production', stepSeconds: 60 });
    const replay = replayFromSource({ source, modelId: 'matriz-v3', policy: LOOSE, window });
    await expect(replay).rejects.toSatisfy((error) => isSloPromError(error, 'PROM_QUERY_FAILED'));
  });

  it('with compare, reads the baseline gate step by step beside the canary and compares them', async () => {
    const { monitor, queries } = fakePrometheus();
    const policy = {
      ...LOOSE,
      // The spike and the missing error rate breach: two allowed, so the window end decides.
      failureLimit: 2,
      compare: { latency_p95_ms: { maxIncreasePct: 10 } },
      baseline: { gate: 'stage' },
    };
    const result = await replayFromSource({
      source: prometheusReplaySource({ monitor, gate: 'production' }),
      modelId: 'matriz-v3',
      policy,
      window,
    });
    expect(queries.filter((query) => query.includes('gate="stage"'))).toHaveLength(1);
    const [canary] = result.canaries;
    expect(canary?.samples[0]?.baseline).toEqual({
      latency_p95_ms: 200 + ((T0 / 1000) % 7),
      error_rate: null,
      drift: null,
    });
    expect(canary?.samples[6]?.baseline?.latency_p95_ms).toBeNull();
    expect(canary?.baseline).toEqual({ samples: 21, compared: ['latency_p95_ms'], missing: [] });
    const comparison = canary?.counterfactual.math.comparisons?.metrics[0];
    expect(comparison?.baseline).toHaveLength(10);
    expect(canary?.counterfactual).toMatchObject({ rule: 'baseline_regression', decidedAt: at(300) });
  });

  it('with compare and no baseline gate (a range has no fromGate), queries no baseline and says the comparison had no data', async () => {
    const { monitor, queries } = fakePrometheus();
    const policy = {
      ...LOOSE,
      failureLimit: 2,
      compare: { latency_p95_ms: { maxIncreasePct: 10 } },
      baseline: {},
    };
    const result = await replayFromSource({
      source: prometheusReplaySource({ monitor, gate: 'production' }),
      modelId: 'matriz-v3',
      policy,
      window,
    });
    expect(queries).toHaveLength(2);
    const [canary] = result.canaries;
    expect(canary?.baseline).toEqual({
      samples: 0,
      compared: ['latency_p95_ms'],
      missing: ['latency_p95_ms'],
    });
    expect(canary?.counterfactual.rule).toBe('insufficient_data');
    expect(canary?.caveats.join('\n')).toContain('no baseline sample was recorded for this canary');

    const named = await replayFromSource({
      source: prometheusReplaySource({ monitor, gate: 'production', baselineGate: 'stage' }),
      modelId: 'matriz-v3',
      policy,
      window,
    });
    expect(named.canaries[0]?.baseline?.samples).toBe(21);
  });
});
