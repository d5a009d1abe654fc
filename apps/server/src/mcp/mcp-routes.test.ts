import type { CanaryRecord, JobRecord } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { loadSecurityConfig, operatorLabel } from '../http/index.ts';
import type { McpCockpit } from './tool-context.ts';

const job: JobRecord = {
  jobId: 'job_1',
  taskId: 'smoke',
  configId: null,
  status: 'queued',
  progress: null,
  message: null,
  result: null,
  error: null,
  details: null,
  operator: 'x',
  createdAt: '2025-10-03T14:20:00.000Z',
  updatedAt: '2025-10-03T14:20:00.000Z',
  startedAt: null,
  finishedAt: null,
};

/** A cockpit that records who asked for what. */
function recordingCockpit(calls: string[]): McpCockpit {
  const canary = { canaryId: 'canary_1' } as CanaryRecord;
  return {
    store: {},
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

function appWith(calls: string[]) {
  return createApp({
    security: loadSecurityConfig({ LUKHAS_MCP_API_KEYS: 'k-1' }, { bindHost: '127.0.0.1' }),
    health: {
      version: '0',
      startedAt: 0,
      now: () => 0,
      database: { healthCheck: async () => ({ ok: true, writable: true }) },
      databaseFile: ':memory:',
      monitor: { mode: 'stub', fallbackSince: () => null },
      sseClients: () => 0,
    },
    mcp: { cockpit: recordingCockpit(calls), version: '9.9.9' },
  });
}

async function call(app: ReturnType<typeof appWith>, name: string, args: Record<string, unknown>) {
  const response = await app.request('http://localhost/mcp', {
    method: 'POST',
    headers: { 'x-api-key': 'k-1', 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  return (await response.json()) as {
    result: { structuredContent?: Record<string, unknown>; isError?: boolean };
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
