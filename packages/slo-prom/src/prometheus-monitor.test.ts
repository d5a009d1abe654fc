import type { SloQuery } from '@lukhas/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FallbackEvent } from './fallback-stats.ts';
import { createPrometheusMonitor } from './prometheus-monitor.ts';
import type { PrometheusFetch } from './prometheus-options.ts';
import { isSloPromError } from './slo-prom-error.ts';

interface SeenRequest {
  readonly url: URL;
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal;
}

/** A fetch double that records requests and answers with `handler`. */
function fakeFetch(handler: (request: SeenRequest) => Response | Promise<Response>) {
  const requests: SeenRequest[] = [];
  const fetch: PrometheusFetch = async (url, init) => {
    const parsed = new URL(url);
    const request = { url: parsed, query: parsed.searchParams.get('query') ?? '', ...init };
    requests.push(request);
    return handler(request);
  };
  return { fetch, requests };
}

function vector(...values: string[]): Response {
  return Response.json({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((value, index) => ({
        metric: { instance: `i${index}` },
        value: [1_700_000_000, value],
      })),
    },
  });
}

/** Answers latency and error-rate queries from the default templates with fixed values. */
function healthy(request: SeenRequest): Response {
  return vector(request.query.includes('model_latency_bucket') ? '212.5' : '0.004');
}

const query: SloQuery = {
  modelId: 'lukhas-v2',
  gate: 'production',
  windowSeconds: 300,
  metrics: ['latency_p95_ms', 'error_rate'],
};

describe('createPrometheusMonitor: reading values', () => {
  it('runs the seeds’ default queries with $__gate and $__window substituted', async () => {
    const { fetch, requests } = fakeFetch(healthy);
    const monitor = createPrometheusMonitor({ url: 'http://prom.example:9090', fetch });

    const reading = await monitor.sample(query);

    expect(reading).toEqual({
      values: { latency_p95_ms: 212.5, error_rate: 0.004, drift: null },
      reasons: {},
    });
    expect(monitor.mode).toBe('prometheus');
    expect(requests.map((request) => `${request.url.origin}${request.url.pathname}`)).toEqual([
      'http://prom.example:9090/api/v1/query',
      'http://prom.example:9090/api/v1/query',
    ]);
    expect(requests.map((request) => request.query)).toEqual([
      'histogram_quantile(0.95, sum(rate(model_latency_bucket{gate="production"}[300s])) by (le))',
      'sum(rate(model_errors_total{gate="production"}[300s])) / clamp_min(sum(rate(model_requests_total{gate="production"}[300s])),1)',
    ]);
    expect(monitor.stats()).toMatchObject({
      samples: 1,
      queries: 2,
      fallbackSince: null,
      lastFallback: null,
    });
  });

  it('keeps a path prefix of the base URL', async () => {
    const { fetch, requests } = fakeFetch(healthy);
    await createPrometheusMonitor({ url: 'https://example.com/prometheus/', fetch }).sample(query);
    expect(requests[0]?.url.pathname).toBe('/prometheus/api/v1/query');
  });

  it('accepts a scalar answer', async () => {
    const { fetch } = fakeFetch(() =>
      Response.json({ status: 'success', data: { resultType: 'scalar', result: [1_700_000_000, '7'] } }),
    );
    const reading = await createPrometheusMonitor({ url: 'http://p', fetch }).sample(query);
    expect(reading.values).toEqual({ latency_p95_ms: 7, error_rate: 7, drift: null });
  });

  it('substitutes $__model, escaped, only where the operator’s query uses it', async () => {
    const { fetch, requests } = fakeFetch(() => vector('1'));
    const monitor = createPrometheusMonitor({
      url: 'http://p',
      fetch,
      queries: {
        latency: 'max(lat_ms{model="$__model",gate="$__gate"})',
        drift: 'max(drift{model="$__model"})',
      },
    });
    await monitor.sample({ ...query, modelId: 'evil"} or vector(1)', metrics: ['latency_p95_ms', 'drift'] });
    expect(requests.map((request) => request.query)).toEqual([
      'max(lat_ms{model="evil\\"} or vector(1)",gate="production"})',
      'max(drift{model="evil\\"} or vector(1)"})',
    ]);
  });

  it('queries only the requested metrics, once each', async () => {
    const { fetch, requests } = fakeFetch(healthy);
    const reading = await createPrometheusMonitor({ url: 'http://p', fetch }).sample({
      ...query,
      metrics: ['error_rate', 'error_rate'],
    });
    expect(requests).toHaveLength(1);
    expect(reading).toEqual({
      values: { latency_p95_ms: null, error_rate: 0.004, drift: null },
      reasons: {},
    });
  });

  it('runs the queries of one sample in parallel', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch, requests } = fakeFetch(async (request) => {
      await released;
      return healthy(request);
    });
    const pending = createPrometheusMonitor({ url: 'http://p', fetch }).sample(query);
    // Both queries are in flight before either has answered.
    await vi.waitFor(() => expect(requests).toHaveLength(2), { timeout: 10_000 });
    release();
    expect((await pending).values.latency_p95_ms).toBe(212.5);
  });
});

describe('createPrometheusMonitor: authorization', () => {
  it.each(['Bearer s3cret', 's3cret', '  bearer s3cret '])(
    'sends Bearer from PROM_BEARER %j',
    async (bearer) => {
      const { fetch, requests } = fakeFetch(healthy);
      await createPrometheusMonitor({ url: 'http://p', bearer, fetch }).sample(query);
      expect(requests[0]?.headers.authorization).toBe('Bearer s3cret');
    },
  );

  it('sends no Authorization without a bearer', async () => {
    const { fetch, requests } = fakeFetch(healthy);
    await createPrometheusMonitor({ url: 'http://p', fetch }).sample(query);
    expect(requests[0]?.headers).toEqual({ accept: 'application/json' });
  });

  it('turns user:password in the URL into Basic auth and strips it from the URL', async () => {
    const { fetch, requests } = fakeFetch(healthy);
    await createPrometheusMonitor({ url: 'https://ops:p%40ss@prom.example', fetch }).sample(query);
    expect(requests[0]?.headers.authorization).toBe(`Basic ${btoa('ops:p@ss')}`);
    expect(requests[0]?.url.username).toBe('');
  });
});

const connectionRefused = new TypeError('fetch failed', {
  cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9090'), { code: 'ECONNREFUSED' }),
});
const refusedOnEveryAddress = new TypeError('fetch failed', {
  cause: new AggregateError([
    Object.assign(new Error('connect ECONNREFUSED ::1:9090'), { code: 'ECONNREFUSED' }),
  ]),
});

describe('createPrometheusMonitor: every failure reads null with a reason', () => {
  it.each([
    [
      'an HTTP error status',
      () => new Response('upstream down', { status: 503 }),
      'http_error',
      'prometheus answered HTTP 503',
    ],
    [
      'status "error" in the body',
      () =>
        Response.json({
          status: 'error',
          errorType: 'execution',
          error: 'query timed out in expression evaluation',
        }),
      'prometheus_error',
      'prometheus error (execution): query timed out in expression evaluation',
    ],
    [
      'an HTTP 400 carrying a Prometheus error',
      () =>
        Response.json(
          { status: 'error', errorType: 'bad_data', error: 'parse error at char 4' },
          { status: 400 },
        ),
      'prometheus_error',
      'prometheus answered HTTP 400 (bad_data): parse error at char 4',
    ],
    ['an empty result', () => vector(), 'no_data', 'no data'],
    ['NaN', () => vector('NaN'), 'nan', 'prometheus returned NaN (no traffic in the window?)'],
    ['+Inf', () => vector('+Inf'), 'infinite', 'prometheus returned +Inf'],
    ['-Inf', () => vector('-Inf'), 'infinite', 'prometheus returned -Inf'],
    ['several series', () => vector('1', '2', '3'), 'multi_series', '3 series where 1 was expected'],
    ['a non-numeric value', () => vector('fast'), 'non_numeric', 'non-numeric value "fast"'],
    [
      'a body that is not JSON',
      () => new Response('<html>login</html>'),
      'invalid_response',
      'prometheus answered with a body that is not a JSON object',
    ],
    [
      'a matrix',
      () => Response.json({ status: 'success', data: { resultType: 'matrix', result: [] } }),
      'invalid_response',
      'expected a scalar or a one-element vector, got a matrix',
    ],
    [
      'a refused connection',
      () => Promise.reject(connectionRefused),
      'unreachable',
      'prometheus unreachable: ECONNREFUSED',
    ],
    [
      'a connection refused on every address',
      () => Promise.reject(refusedOnEveryAddress),
      'unreachable',
      'prometheus unreachable: ECONNREFUSED',
    ],
    [
      'a network error without a code',
      () => Promise.reject(new TypeError('fetch failed', { cause: new Error('other side closed') })),
      'unreachable',
      'prometheus unreachable: other side closed',
    ],
  ] as const)('%s → %s', async (_name, answer, kind, reason) => {
    const events: FallbackEvent[] = [];
    const { fetch } = fakeFetch(answer);
    const monitor = createPrometheusMonitor({
      url: 'http://p',
      fetch,
      clock: { now: () => 1_000 },
      onFallback: (event) => events.push(event),
    });

    const reading = await monitor.sample(query);

    expect(reading).toEqual({
      values: { latency_p95_ms: null, error_rate: null, drift: null },
      reasons: { latency_p95_ms: reason, error_rate: reason },
    });
    expect(monitor.stats().fallbacks[kind]).toBe(2);
    expect(monitor.stats().fallbackSince).toBe(1_000);
    expect(events).toEqual([
      { metric: 'latency_p95_ms', kind, reason, modelId: 'lukhas-v2', gate: 'production', at: 1_000 },
      { metric: 'error_rate', kind, reason, modelId: 'lukhas-v2', gate: 'production', at: 1_000 },
    ]);
  });

  it('reads a requested drift as null when no drift query is configured', async () => {
    const { fetch, requests } = fakeFetch(healthy);
    const monitor = createPrometheusMonitor({ url: 'http://p', fetch });
    const reading = await monitor.sample({ ...query, metrics: ['latency_p95_ms', 'error_rate', 'drift'] });
    expect(requests).toHaveLength(2);
    expect(reading.values.drift).toBeNull();
    expect(reading.reasons).toEqual({ drift: 'no drift query configured (PROM_QUERY_DRIFT)' });
    expect(monitor.stats().fallbacks.not_configured).toBe(1);
  });

  it('reads an invalid window as null instead of sending a broken query', async () => {
    const { fetch, requests } = fakeFetch(healthy);
    const reading = await createPrometheusMonitor({ url: 'http://p', fetch }).sample({
      ...query,
      windowSeconds: -1,
    });
    expect(requests).toHaveLength(0);
    expect(reading.reasons.error_rate).toMatch(/positive number of seconds/);
  });

  it('keeps sampling when onFallback throws', async () => {
    const { fetch } = fakeFetch(() => vector());
    const monitor = createPrometheusMonitor({
      url: 'http://p',
      fetch,
      onFallback: () => {
        throw new Error('listener bug');
      },
    });
    await expect(monitor.sample(query)).resolves.toMatchObject({ reasons: { error_rate: 'no data' } });
  });
});

describe('createPrometheusMonitor: timeouts and aborts', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times out a query whose fetch honours the signal', async () => {
    // Fake time: when the query gives up is exact, however busy the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { fetch } = fakeFetch(
      ({ signal }) =>
        new Promise<Response>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        ),
    );
    const monitor = createPrometheusMonitor({ url: 'http://p', fetch, timeoutMs: 40 });
    let answered = false;
    const pending = monitor.sample(query).finally(() => {
      answered = true;
    });
    await vi.advanceTimersByTimeAsync(39);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const reading = await pending;
    expect(reading.reasons).toEqual({
      latency_p95_ms: 'timed out after 40ms',
      error_rate: 'timed out after 40ms',
    });
    expect(monitor.stats().fallbacks.timeout).toBe(2);
  });

  it('times out even when fetch ignores the signal', async () => {
    const { fetch } = fakeFetch(() => new Promise<Response>(() => {}));
    const reading = await createPrometheusMonitor({ url: 'http://p', fetch, timeoutMs: 30 }).sample(query);
    expect(reading.reasons.latency_p95_ms).toBe('timed out after 30ms');
  });

  it('times out a body that never ends', async () => {
    const { fetch } = fakeFetch(() => new Response(new ReadableStream({ start() {} })));
    const reading = await createPrometheusMonitor({ url: 'http://p', fetch, timeoutMs: 30 }).sample(query);
    expect(reading.reasons.error_rate).toBe('timed out after 30ms');
  });

  it('answers an already aborted sample without querying', async () => {
    const { fetch, requests } = fakeFetch(healthy);
    const monitor = createPrometheusMonitor({ url: 'http://p', fetch });
    const reading = await monitor.sample({ ...query, signal: AbortSignal.abort() });
    expect(requests).toHaveLength(0);
    expect(reading.reasons).toEqual({ latency_p95_ms: 'sample aborted', error_rate: 'sample aborted' });
    expect(monitor.stats()).toMatchObject({ fallbacks: { aborted: 2 }, fallbackSince: null });
  });

  it('stops waiting when the caller aborts mid-query', async () => {
    const { fetch } = fakeFetch(() => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const monitor = createPrometheusMonitor({ url: 'http://p', fetch, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(new Error('canary aborted')), 20);
    const reading = await monitor.sample({ ...query, signal: controller.signal });
    expect(reading.reasons.latency_p95_ms).toBe('sample aborted');
    expect(monitor.stats().fallbacks.aborted).toBe(2);
  });
});

describe('createPrometheusMonitor: fallbackSince', () => {
  it('starts at the first fallback sample, holds through partial ones, and resets on a fully good one', async () => {
    let now = 1_000;
    let latency: Response | (() => Response) = () => vector();
    const { fetch } = fakeFetch((request) =>
      request.query.includes('model_latency_bucket')
        ? typeof latency === 'function'
          ? latency()
          : latency
        : vector('0.01'),
    );
    const monitor = createPrometheusMonitor({ url: 'http://p', fetch, clock: { now: () => now } });

    await monitor.sample(query);
    expect(monitor.fallbackSince()).toBe(1_000);
    now = 2_000;
    await monitor.sample(query);
    expect(monitor.fallbackSince()).toBe(1_000);
    now = 3_000;
    latency = () => vector('150');
    await monitor.sample(query);
    expect(monitor.stats()).toMatchObject({
      samples: 3,
      queries: 6,
      fallbackSince: null,
      lastFallback: { metric: 'latency_p95_ms', kind: 'no_data', at: 2_000 },
    });
  });
});

describe('createPrometheusMonitor: options', () => {
  it.each(['not a url', 'ftp://prom.example', ''])('refuses the URL %j', (url) => {
    expect(() => createPrometheusMonitor({ url })).toThrowError(
      expect.objectContaining({ code: 'PROM_INVALID_CONFIG' }),
    );
  });

  it('refuses a non-positive timeout and mixed credentials', () => {
    expect(() => createPrometheusMonitor({ url: 'http://p', timeoutMs: 0 })).toThrow(/timeout/);
    expect(() => createPrometheusMonitor({ url: 'http://a:b@p', bearer: 't' })).toThrow(/use one/);
  });
});

describe('createPrometheusMonitor: queryRange', () => {
  const start = Date.UTC(2025, 9, 3, 14, 0);
  const range = {
    metric: 'error_rate',
    modelId: 'lukhas-v2',
    gate: 'production',
    windowSeconds: 60,
    start,
    end: start + 4 * 30_000,
    stepSeconds: 30,
  } as const;

  function matrix(...series: [number, string][][]): Response {
    return Response.json({
      status: 'success',
      data: { resultType: 'matrix', result: series.map((values) => ({ metric: {}, values })) },
    });
  }

  it('sends start/end/step in seconds and returns one point per step, null where data is missing', async () => {
    const seconds = start / 1000;
    const { fetch, requests } = fakeFetch(() =>
      matrix([
        [seconds, '0.01'],
        [seconds + 30, '0.02'],
        [seconds + 90, 'NaN'],
        [seconds + 120, '0.2'],
      ]),
    );
    const points = await createPrometheusMonitor({ url: 'http://p', fetch }).queryRange(range);

    const url = requests[0]?.url;
    expect(url?.pathname).toBe('/api/v1/query_range');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      query:
        'sum(rate(model_errors_total{gate="production"}[60s])) / clamp_min(sum(rate(model_requests_total{gate="production"}[60s])),1)',
      start: String(seconds),
      end: String(seconds + 120),
      step: '30',
    });
    expect(points).toEqual([
      { at: start, value: 0.01 },
      { at: start + 30_000, value: 0.02 },
      { at: start + 60_000, value: null, reason: 'no data' },
      { at: start + 90_000, value: null, reason: 'prometheus returned NaN (no traffic in the window?)' },
      { at: start + 120_000, value: 0.2 },
    ]);
  });

  it('returns all-null points for an empty matrix', async () => {
    const { fetch } = fakeFetch(() => matrix());
    const points = await createPrometheusMonitor({ url: 'http://p', fetch }).queryRange(range);
    expect(points).toHaveLength(5);
    expect(points.every((point) => point.value === null && point.reason === 'no data')).toBe(true);
  });

  it.each([
    ['several series', () => matrix([], []), 'multi_series'],
    ['a refused connection', () => Promise.reject(connectionRefused), 'unreachable'],
    ['an HTTP error', () => new Response('', { status: 502 }), 'http_error'],
  ] as const)('throws PROM_QUERY_FAILED for %s', async (_name, answer, kind) => {
    const { fetch } = fakeFetch(answer);
    const failure = await createPrometheusMonitor({ url: 'http://p', fetch })
      .queryRange(range)
      .catch((error: unknown) => error);
    expect(isSloPromError(failure, 'PROM_QUERY_FAILED')).toBe(true);
    expect(failure).toMatchObject({ kind, metric: 'error_rate' });
  });

  it('refuses impossible ranges and unconfigured drift before querying', async () => {
    const { fetch, requests } = fakeFetch(() => matrix());
    const monitor = createPrometheusMonitor({ url: 'http://p', fetch });
    await expect(monitor.queryRange({ ...range, end: start - 1 })).rejects.toMatchObject({
      code: 'PROM_INVALID_RANGE',
    });
    await expect(monitor.queryRange({ ...range, stepSeconds: 0 })).rejects.toMatchObject({
      code: 'PROM_INVALID_RANGE',
    });
    await expect(
      monitor.queryRange({ ...range, end: start + 30 * 86_400_000, stepSeconds: 1 }),
    ).rejects.toThrow(/exceed Prometheus' limit/);
    await expect(monitor.queryRange({ ...range, metric: 'drift' })).rejects.toMatchObject({
      code: 'PROM_QUERY_FAILED',
      kind: 'not_configured',
    });
    expect(requests).toHaveLength(0);
  });
});
