import type { CanaryRecord, JobRecord } from '@lukhas/core';
import { job as fixtureJob, T0 } from '@lukhas/persistence/testing';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { parseApiKeys, parseSecurityConfig } from '../config/index.ts';
import { healthyHealth } from '../health-fixture.ts';
import { operatorLabel } from '../http/index.ts';
import type { McpCockpit } from './tool-context.ts';
import type { ToolCall } from './tool-metrics.ts';

const job: JobRecord = fixtureJob('job_1', T0, { taskId: 'smoke', operator: 'x' });

/** A cockpit that records who asked for what. */
function recordingCockpit(calls: string[]): McpCockpit {
  const canary = { canaryId: 'canary_1' } as CanaryRecord;
  return {
    store: { getJob: async (jobId: string) => (jobId === 'job_1' ? job : undefined) },
    jobs: {
      submit: async (_request: unknown, operator: string) => {
        calls.push(`submit by ${operator}`);
        return { ...job, operator };
      },
      cancel: async (_jobId: string, options: { operator: string }) => {
        calls.push(`cancel by ${options.operator}`);
        return { ...job, status: 'cancelled' };
      },
    },
    tasks: { mode: 'tasks', taskIds: ['smoke', 'stress'], taskFile: '/srv/cockpit.tasks.json' },
    canaries: {
      start: async (_request: unknown, operator: string) => {
        calls.push(`start by ${operator}`);
        return canary;
      },
      abort: async (_canaryId: string, options: { operator: string }) => {
        calls.push(`abort by ${options.operator}`);
        return canary;
      },
    },
    documents: {},
    onEvent: () => () => {},
  } as unknown as McpCockpit;
}

function appWith(calls: string[], toolCalls?: ToolCall[]) {
  const metrics =
    toolCalls === undefined ? {} : { metrics: { toolCalled: (call: ToolCall) => toolCalls.push(call) } };
  return createApp({
    security: parseSecurityConfig(
      {},
      { bindHost: '127.0.0.1', apiKeys: parseApiKeys({ LUKHAS_MCP_API_KEYS: 'k-1,k-read:read' }) },
    ),
    health: healthyHealth({ mode: 'stub', fallbackSince: () => null }, '0'),
    mcp: { cockpit: recordingCockpit(calls), version: '9.9.9', ...metrics },
  });
}

async function call(
  app: ReturnType<typeof appWith>,
  name: string,
  args: Record<string, unknown>,
  key = 'k-1',
) {
  const response = await app.request('http://localhost/mcp', {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  return (await response.json()) as {
    result?: {
      content?: { type: string; text: string }[];
      structuredContent?: Record<string, unknown>;
      isError?: boolean;
    };
    error?: unknown;
  };
}

describe('mcpRoutes', () => {
  it("hands the caller's audit label to every engine call that changes something", async () => {
    const calls: string[] = [];
    const app = appWith(calls);
    await call(app, 'run_eval', { taskId: 'smoke' });
    await call(app, 'cancel_job', { jobId: 'job_1' });
    await call(app, 'start_canary', {
      modelId: 'm',
      fromGate: 'stage',
      toGate: 'production',
      targets: { latency_p95_ms: 500 },
    });
    await call(app, 'abort_canary', { canaryId: 'canary_1', reason: 'manual override' });
    const label = operatorLabel('k-1');
    expect(calls).toEqual([
      `submit by ${label}`,
      `cancel by ${label}`,
      `start by ${label}`,
      `abort by ${label}`,
    ]);
  });

  it('refuses a read-only key every tool that changes something, before the engine hears of it', async () => {
    const calls: string[] = [];
    const toolCalls: ToolCall[] = [];
    const app = appWith(calls, toolCalls);
    const refused = [
      await call(app, 'run_eval', { taskId: 'smoke' }, 'k-read'),
      await call(app, 'cancel_job', { jobId: 'job_1' }, 'k-read'),
      await call(app, 'abort_canary', { canaryId: 'canary_1' }, 'k-read'),
    ];
    expect(refused.map(({ result }) => [result?.isError, result?.content?.[0]?.text])).toEqual([
      [true, 'run_eval needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]'],
      [true, 'cancel_job needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]'],
      [true, 'abort_canary needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]'],
    ]);
    expect(calls).toEqual([]);
    // Counted as business failures, like any refused call.
    expect(toolCalls.map(({ outcome }) => outcome)).toEqual(['error', 'error', 'error']);
    // The same key reads.
    const read = await call(app, 'get_job', { jobId: 'job_1' }, 'k-read');
    expect(read.result?.structuredContent?.jobId).toBe('job_1');
  });

  it("names the known tasks in run_eval's description when a task file is configured", async () => {
    const app = appWith([]);
    const response = await app.request('http://localhost/mcp', {
      method: 'POST',
      headers: { 'x-api-key': 'k-1', 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    const { result } = (await response.json()) as {
      result: { tools: { name: string; description: string }[] };
    };
    expect(result.tools.find((tool) => tool.name === 'run_eval')?.description).toContain(
      'Known tasks: smoke, stress.',
    );
  });

  it('sits behind the security layer: no key, no MCP', async () => {
    const response = await appWith([]).request('http://localhost/mcp', {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('mcpRoutes: the metrics hook', () => {
  it('hears each call of a registered tool with its outcome and duration', async () => {
    const toolCalls: ToolCall[] = [];
    const app = appWith([], toolCalls);
    expect((await call(app, 'get_job', { jobId: 'job_1' })).result?.isError).toBeUndefined();
    expect((await call(app, 'get_job', { jobId: 'job_nope' })).result?.isError).toBe(true);
    expect((await call(app, 'get_job', { jobId: 42 })).result?.isError).toBe(true);
    expect(toolCalls.map(({ tool, outcome }) => [tool, outcome])).toEqual([
      ['get_job', 'ok'],
      ['get_job', 'error'],
      ['get_job', 'protocol_error'],
    ]);
    for (const { seconds } of toolCalls) {
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(seconds).toBeLessThan(5);
    }
  });

  it('hears nothing of an unknown tool (no unbounded tool label) nor of tools/list', async () => {
    const toolCalls: ToolCall[] = [];
    const app = appWith([], toolCalls);
    const unknown = await call(app, 'rm_rf', {});
    expect(unknown.error ?? unknown.result?.isError).toBeTruthy();
    await app.request('http://localhost/mcp', {
      method: 'POST',
      headers: { 'x-api-key': 'k-1', 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(toolCalls).toEqual([]);
  });
});
