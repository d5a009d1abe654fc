import { Hono } from 'hono';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.ts';
import { parseApiKeys, parseSecurityConfig } from '../config/index.ts';
import { healthyHealth } from '../health-fixture.ts';
import type { McpCockpit } from '../mcp/index.ts';
import { createCockpitMetrics } from './cockpit-metrics.ts';
import { fakeCockpit } from './fixtures/fake-cockpit.ts';
import { metricValue, seriesOf } from './fixtures/metric-values.ts';
import { httpRequestMetrics, methodLabel } from './http-request-metrics.ts';

const KEY = 'k-1';

afterEach(() => {
  vi.useRealTimers();
});

function appWith(env: Record<string, string> = { LUKHAS_MCP_API_KEYS: KEY }) {
  const cockpit = fakeCockpit();
  const metrics = createCockpitMetrics({
    cockpit,
    version: '9.9.9',
    canTakeTraffic: async () => true,
    processMetrics: false,
  });
  const app = createApp({
    security: parseSecurityConfig(env, { bindHost: '127.0.0.1', apiKeys: parseApiKeys(env) }),
    securityOptions: { clientAddress: () => '203.0.113.7' },
    health: healthyHealth(cockpit.monitor),
    sse: { bus: cockpit.bus },
    // Only refusals reach /mcp here: no tool ever runs; the routes only subscribe to events.
    mcp: { cockpit: { onEvent: cockpit.onEvent } as unknown as McpCockpit, version: '9.9.9' },
    metrics,
  });
  return { app, registry: metrics.registry };
}

const requests = (registry: Registry, labels: Record<string, string>) =>
  metricValue(registry, 'cockpit_http_requests_total', labels);

describe('httpRequestMetrics', () => {
  it('labels requests by route pattern, method and status; unknown paths are all `unmatched`', async () => {
    const { app, registry } = appWith({});
    await app.request('/health');
    await app.request('/health', { method: 'HEAD' });
    for (let index = 0; index < 50; index += 1) await app.request(`/wp-admin/${index}.php?x=${index}`);
    await app.request('/sse?topic=nope');

    expect(await requests(registry, { route: '/health', method: 'GET', status: '200' })).toBe(1);
    expect(await requests(registry, { route: '/health', method: 'HEAD', status: '200' })).toBe(1);
    expect(await requests(registry, { route: 'unmatched', method: 'GET', status: '404' })).toBe(50);
    expect(await requests(registry, { route: '/sse', method: 'GET', status: '400' })).toBe(1);
    const routes = new Set(
      (await seriesOf(registry, 'cockpit_http_requests_total')).map((s) => s.labels.route),
    );
    expect([...routes].sort()).toEqual(['/health', '/sse', 'unmatched']);
    const duration = 'cockpit_http_request_duration_seconds';
    expect(
      await metricValue(registry, duration, { route: 'unmatched', method: 'GET' }, `${duration}_count`),
    ).toBe(50);
  });

  it('counts refusals of the security layer under the route they were aimed at (401, 429)', async () => {
    const { app, registry } = appWith({ LUKHAS_MCP_API_KEYS: KEY, MCP_RL_BUCKET: '3' });
    await app.request('/mcp', { method: 'POST', body: '{}' });
    await app.request('/metrics');
    await app.request('/metrics', { headers: { authorization: `Bearer ${KEY}` } });
    await app.request('/metrics', { headers: { authorization: `Bearer ${KEY}` } });
    expect(await requests(registry, { route: '/mcp', method: 'POST', status: '401' })).toBe(1);
    expect(await requests(registry, { route: '/metrics', method: 'GET', status: '401' })).toBe(1);
    expect(await requests(registry, { route: '/metrics', method: 'GET', status: '200' })).toBe(1);
    expect(await requests(registry, { route: '/metrics', method: 'GET', status: '429' })).toBe(1);
  });

  it('times a request to its response headers', async () => {
    // Fake time: on a busy machine a real 60 ms sleep can last beyond the 0.5 s bucket.
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const registry = new Registry();
    const app = new Hono();
    app.use(httpRequestMetrics({ registry }));
    app.get('/slow/:id', async (context) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return context.text('done');
    });
    for (const id of [42, 43]) {
      const answered = app.request(`/slow/${id}`);
      await vi.advanceTimersByTimeAsync(60);
      await answered;
    }
    const name = 'cockpit_http_request_duration_seconds';
    const labels = { route: '/slow/:id', method: 'GET' };
    expect(await metricValue(registry, name, labels, `${name}_count`)).toBe(2);
    expect(await metricValue(registry, name, labels, `${name}_sum`)).toBeGreaterThan(0.1);
    expect(await metricValue(registry, name, { ...labels, le: '0.05' }, `${name}_bucket`)).toBe(0);
    expect(await metricValue(registry, name, { ...labels, le: '0.5' }, `${name}_bucket`)).toBe(2);
  });

  it('counts a handler that throws as the 500 it answered', async () => {
    const registry = new Registry();
    const app = new Hono();
    app.use(httpRequestMetrics({ registry }));
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.onError((_error, context) => context.text('internal error', 500));
    expect((await app.request('/boom')).status).toBe(500);
    expect(await requests(registry, { route: '/boom', method: 'GET', status: '500' })).toBe(1);
  });

  it('keeps methods bounded', () => {
    expect(methodLabel('get')).toBe('GET');
    expect(methodLabel('PROPFIND')).toBe('other');
  });
});

describe('GET /metrics', () => {
  it('answers the text format with the registry content type, behind the API key', async () => {
    const { app } = appWith();
    expect((await app.request('/metrics')).status).toBe(401);
    const response = await app.request('/metrics', { headers: { 'x-api-key': KEY } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE cockpit_build_info gauge');
    expect(text).toContain('cockpit_build_info{version="9.9.9"} 1');
  });

  it('is open when no API key is configured (loopback only)', async () => {
    const { app } = appWith({});
    expect((await app.request('/metrics')).status).toBe(200);
  });
});
