import type { McpServer } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { instrumentToolCalls, type ToolCall } from './tool-metrics.ts';

// Through the real SDK, the hook is tested with mcpRoutes (mcp-routes.test.ts); here, what a
// cockpit tool never does (they answer failures as results): a handler that throws.
describe('instrumentToolCalls', () => {
  it('counts a handler that throws as protocol_error and lets the error through to the SDK', async () => {
    const calls: ToolCall[] = [];
    let handler: ((...args: unknown[]) => Promise<unknown>) | undefined;
    const server = {
      registerTool: (_name: string, _config: unknown, registered: typeof handler) => {
        handler = registered;
      },
    } as unknown as McpServer;
    instrumentToolCalls(server, { toolCalled: (toolCall) => calls.push(toolCall) });
    server.registerTool('explode', {}, async () => {
      throw new Error('kaboom');
    });
    await expect(handler?.({}, {})).rejects.toThrow('kaboom');
    expect(calls).toEqual([{ tool: 'explode', outcome: 'protocol_error', seconds: expect.any(Number) }]);
  });

  it('leaves a tool without an input schema as it is', () => {
    let registeredConfig: unknown;
    const server = {
      registerTool: (_name: string, config: unknown) => {
        registeredConfig = config;
      },
    } as unknown as McpServer;
    instrumentToolCalls(server, { toolCalled: () => {} });
    server.registerTool('ping', { title: 'Ping' }, async () => ({ content: [] }));
    expect(registeredConfig).toEqual({ title: 'Ping', inputSchema: undefined });
  });
});
