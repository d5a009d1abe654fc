import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricValue } from './fixtures/metric-values.ts';
import { mcpToolMetrics } from './mcp-tool-metrics.ts';

describe('mcpToolMetrics', () => {
  it('counts calls by tool and outcome and times them by tool', async () => {
    const registry = new Registry();
    const metrics = mcpToolMetrics({ registry });
    metrics.toolCalled({ tool: 'run_eval', outcome: 'ok', seconds: 0.02 });
    metrics.toolCalled({ tool: 'run_eval', outcome: 'ok', seconds: 0.7 });
    metrics.toolCalled({ tool: 'get_job', outcome: 'error', seconds: 0.001 });
    metrics.toolCalled({ tool: 'get_job', outcome: 'protocol_error', seconds: 0.001 });

    const calls = (tool: string, outcome: string) =>
      metricValue(registry, 'cockpit_mcp_tool_calls_total', { tool, outcome });
    expect(await calls('run_eval', 'ok')).toBe(2);
    expect(await calls('get_job', 'error')).toBe(1);
    expect(await calls('get_job', 'protocol_error')).toBe(1);
    const name = 'cockpit_mcp_tool_duration_seconds';
    expect(await metricValue(registry, name, { tool: 'run_eval' }, `${name}_count`)).toBe(2);
    expect(await metricValue(registry, name, { tool: 'run_eval', le: '0.5' }, `${name}_bucket`)).toBe(1);
    expect(await metricValue(registry, name, { tool: 'get_job', le: '0.005' }, `${name}_bucket`)).toBe(2);
  });
});
