/**
 * `/metrics` on the real app: drive a job, a canary that promotes, one whose SLO readings fall back
 * (so it rolls back at once), an SSE stream and a few refusals, then scrape and check the numbers,
 * and hand the text to the real `promtool check metrics`.
 */
import { readEventStream } from '@lukhas/mcp-cockpit-client';
import { waitFor } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_CONTRACT, typesIn } from '../src/metrics/fixtures/metrics-contract.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import { promtoolCheckMetrics } from './promtool.ts';

const KEY = 'metrics-key';
const AUTH = { authorization: `Bearer ${KEY}` };
// 2 s windows sampled every 0.5 s: 4 samples, 3 real ones needed to promote.
const SHORT_POLICY = { windowSeconds: 2, intervalSeconds: 0.5, minSamples: 3 };
const TARGETS = { latency_p95_ms: 500, max_error_rate: 0.02 };

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1] ?? ''] = pair[2] ?? '';
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

describe('GET /metrics on the real app', () => {
  let server: McpTestServer;
  let text = '';
  let samples: Sample[] = [];
  let sseFrames = 0;
  const stream = new AbortController();

  /** The one sample of `name` whose labels include `labels`. */
  function value(name: string, labels: Record<string, string> = {}): number | undefined {
    const matching = samples.filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted),
    );
    if (matching.length > 1)
      throw new Error(`${name} ${JSON.stringify(labels)} matches ${matching.length} series`);
    return matching[0]?.value;
  }

  async function callTool(name: string, args: Record<string, unknown>) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
    });
    const body = (await response.json()) as {
      result: { isError?: boolean; structuredContent?: Record<string, unknown> };
    };
    return body.result;
  }

  async function untilDecided(canaryId: unknown): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const canary = (await callTool('get_canary', { canaryId })).structuredContent ?? {};
        return canary.status === 'running' ? undefined : canary;
      },
      { timeoutMs: 20_000, intervalMs: 150, message: `canary ${String(canaryId)} to be decided` },
    );
  }

  beforeAll(async () => {
    server = await startMcpTestServer({ env: { LUKHAS_MCP_API_KEYS: KEY } });
    const sse = await fetch(`${server.base}/sse?topic=*`, { headers: AUTH, signal: stream.signal });
    expect(sse.status).toBe(200);
    // Counted through the client SDK's reader: the events that carried an id.
    if (sse.body !== null) {
      readEventStream(
        sse.body,
        {
          onMessage: (message) => {
            if (message.id !== undefined) sseFrames += 1;
          },
        },
        { signal: stream.signal },
      ).catch(() => undefined); // Aborted at the end of the test.
    }

    const job = await callTool('run_eval', { taskId: 'metrics-eval', wait: true });
    expect(job.structuredContent?.status).toBe('completed');
    expect((await callTool('get_job', { jobId: 'job_unknown' })).isError).toBe(true);
    expect((await callTool('get_job', { jobId: 42 })).isError).toBe(true);

    const healthy = await callTool('start_canary', {
      modelId: 'metrics-healthy',
      fromGate: 'stage',
      toGate: 'production',
      ...SHORT_POLICY,
      targets: TARGETS,
    });
    expect((await untilDecided(healthy.structuredContent?.canaryId)).status).toBe('promoted');

    // Prometheus "answers nothing" for this model: every latency reading falls back to 9999 ms.
    server.monitor.set({ modelId: 'metrics-fallback' }, { latency_p95_ms: null });
    const fallback = await callTool('start_canary', {
      modelId: 'metrics-fallback',
      fromGate: 'stage',
      toGate: 'production',
      ...SHORT_POLICY,
      targets: TARGETS,
    });
    expect((await untilDecided(fallback.structuredContent?.canaryId)).status).toBe('rolled_back');

    expect((await fetch(`${server.base}/no/such/route`, { headers: AUTH })).status).toBe(404);
    expect((await fetch(`${server.base}/metrics`)).status).toBe(401);
    const response = await fetch(`${server.base}/metrics`, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    text = await response.text();
    samples = parseExposition(text);
  }, 60_000);

  afterAll(async () => {
    stream.abort();
    await server?.close();
  });

  it('passes promtool check metrics with no lint problem', () => {
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('exposes every metric of the contract with its type, and the process metrics', () => {
    const types = typesIn(text);
    for (const [name, type] of Object.entries(METRICS_CONTRACT)) expect(types.get(name), name).toBe(type);
    expect(value('cockpit_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(value('cockpit_build_info', { version: '0.0.0-test' })).toBe(1);
    expect(value('cockpit_slo_monitor_info', { mode: 'stub' })).toBe(1);
    expect(value('cockpit_health_status')).toBe(1);
    expect(value('cockpit_evidence_exports_total', { outcome: 'ok' })).toBe(0);
    expect(value('cockpit_evidence_exports_total', { outcome: 'error' })).toBe(0);
  });

  it('counts the job and the canaries: states from the store, transitions, decisions, samples', () => {
    expect(value('cockpit_jobs', { status: 'completed' })).toBe(1);
    expect(value('cockpit_jobs', { status: 'running' })).toBe(0);
    expect(value('cockpit_job_transitions_total', { type: 'queued' })).toBe(1);
    expect(value('cockpit_job_transitions_total', { type: 'running' })).toBe(1);
    expect(value('cockpit_job_transitions_total', { type: 'progress' })).toBeGreaterThanOrEqual(1);
    expect(value('cockpit_job_transitions_total', { type: 'completed' })).toBe(1);

    expect(value('cockpit_canaries', { status: 'promoted' })).toBe(1);
    expect(value('cockpit_canaries', { status: 'rolled_back' })).toBe(1);
    expect(value('cockpit_canaries', { status: 'running' })).toBe(0);
    expect(value('cockpit_canary_overdue_seconds')).toBe(0);
    expect(value('cockpit_canary_decisions_total', { outcome: 'promote', rule: 'window_elapsed' })).toBe(1);
    expect(value('cockpit_canary_decisions_total', { outcome: 'rollback', rule: 'breach_limit' })).toBe(1);
    expect(value('cockpit_canary_decisions_total', { outcome: 'rollback', rule: 'abort' })).toBe(0);
    expect(value('cockpit_canary_samples_total', { fallback: 'false' })).toBeGreaterThanOrEqual(3);
    expect(value('cockpit_canary_samples_total', { fallback: 'true' })).toBe(1);
    expect(value('cockpit_canary_breach_to_rollback_seconds_count')).toBe(1);
    expect(value('cockpit_canary_breach_to_rollback_seconds_bucket', { le: '5' })).toBe(1);
  });

  it('shows the SLO monitor in fallback: readings by reason, since when', async () => {
    expect(value('cockpit_slo_fallback_samples_total', { reason: 'no_data' })).toBe(1);
    expect(value('cockpit_slo_fallback_samples_total', { reason: 'unreachable' })).toBe(0);
    const since = value('cockpit_slo_fallback_engaged_since_seconds') ?? 0;
    expect(Math.abs(since - Date.now() / 1000)).toBeLessThan(60);

    const health = await (await fetch(`${server.base}/health`)).json();
    expect(health).toMatchObject({
      status: 'degraded',
      ready: true,
      sloMonitor: { mode: 'stub', reachable: false, fallback: true },
      checks: { db: { ok: true }, sloMonitor: { ok: false, penalty: 0.3 } },
    });
    expect(Date.parse(health.sloMonitor.fallbackSince) / 1000).toBeCloseTo(since, 0);
  });

  it('counts the HTTP requests by route pattern, refusals and 404s included', () => {
    const requests = (route: string, method: string, status: string) =>
      value('cockpit_http_requests_total', { route, method, status });
    expect(requests('/mcp', 'POST', '200')).toBeGreaterThanOrEqual(6);
    expect(requests('/sse', 'GET', '200')).toBe(1);
    expect(requests('unmatched', 'GET', '404')).toBe(1);
    expect(requests('/metrics', 'GET', '401')).toBe(1);
    expect(
      samples.filter((sample) => sample.name === 'cockpit_http_requests_total').map((s) => s.labels.route),
    ).toSatisfy((routes: string[]) =>
      routes.every((route) => ['/mcp', '/sse', '/metrics', '/health', 'unmatched'].includes(route)),
    );
    expect(value('cockpit_http_request_duration_seconds_count', { route: '/sse', method: 'GET' })).toBe(1);
  });

  it('counts and times the MCP tool calls by tool and outcome', () => {
    expect(value('cockpit_mcp_tool_calls_total', { tool: 'run_eval', outcome: 'ok' })).toBe(1);
    expect(value('cockpit_mcp_tool_calls_total', { tool: 'start_canary', outcome: 'ok' })).toBe(2);
    expect(value('cockpit_mcp_tool_calls_total', { tool: 'get_job', outcome: 'error' })).toBe(1);
    expect(value('cockpit_mcp_tool_calls_total', { tool: 'get_job', outcome: 'protocol_error' })).toBe(1);
    expect(value('cockpit_mcp_tool_duration_seconds_count', { tool: 'run_eval' })).toBe(1);
    // run_eval waited for the whole demo eval (4 steps of 40 ms).
    expect(value('cockpit_mcp_tool_duration_seconds_sum', { tool: 'run_eval' })).toBeGreaterThan(0.1);
  });

  it('mirrors the SSE bus: the open stream, what was published and delivered to it', () => {
    expect(value('cockpit_sse_clients')).toBe(1);
    expect(value('cockpit_sse_connections_total')).toBe(1);
    const published = value('cockpit_sse_events_published_total') ?? 0;
    expect(published).toBeGreaterThanOrEqual(12);
    // One `*` stream: every published event was delivered to it, once.
    expect(value('cockpit_sse_events_delivered_total')).toBe(published);
    expect(sseFrames).toBeGreaterThan(0);
    expect(sseFrames).toBeLessThanOrEqual(published);
    expect(value('cockpit_sse_slow_disconnects_total')).toBe(0);
    expect(value('cockpit_sse_replays_total')).toBe(0);
  });
});
