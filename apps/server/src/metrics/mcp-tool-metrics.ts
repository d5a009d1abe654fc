/**
 * `cockpit_mcp_tool_calls_total` and `cockpit_mcp_tool_duration_seconds`: the MCP layer's
 * `McpToolMetrics` hook, kept here so `src/mcp` never imports a metrics library.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { McpToolMetrics } from '../mcp/index.ts';
import { LATENCY_BUCKETS } from './latency-buckets.ts';

/**
 * Counts and times every call of a registered tool, by tool and outcome (`ok`, `error`: an
 * `isError` result, `protocol_error`: arguments refused or the handler threw).
 *
 * @example
 * app.route('/', mcpRoutes({ cockpit, version, maxBodyBytes, metrics: mcpToolMetrics({ registry }) }));
 */
export function mcpToolMetrics(options: { readonly registry: Registry }): McpToolMetrics {
  const calls = new Counter({
    name: 'cockpit_mcp_tool_calls_total',
    help: 'MCP tools/call by tool and outcome (ok, error: an isError result, protocol_error: refused arguments or a throwing handler).',
    labelNames: ['tool', 'outcome'] as const,
    registers: [options.registry],
  });
  const duration = new Histogram({
    name: 'cockpit_mcp_tool_duration_seconds',
    help: 'MCP tool call latency by tool.',
    labelNames: ['tool'] as const,
    buckets: [...LATENCY_BUCKETS],
    registers: [options.registry],
  });
  return {
    toolCalled({ tool, outcome, seconds }) {
      calls.inc({ tool, outcome });
      duration.observe({ tool }, seconds);
    },
  };
}
