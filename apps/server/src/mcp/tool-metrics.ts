/**
 * The hook through which `/metrics` hears tool calls, without the MCP layer knowing any metrics
 * library: the server's metrics implement `McpToolMetrics`, and `instrumentToolCalls` makes every
 * tool registered afterwards report to it.
 */
import type { McpServer, StandardSchemaWithJSON } from '@modelcontextprotocol/server';

/**
 * How a `tools/call` ended: `ok` (a result), `error` (a result with `isError: true`: a business
 * failure such as an unknown id), `protocol_error` (the tool never answered: its arguments were
 * refused by its input schema, or its handler threw).
 */
export type ToolCallOutcome = 'ok' | 'error' | 'protocol_error';

/** One `tools/call` of a registered tool. */
export interface ToolCall {
  readonly tool: string;
  readonly outcome: ToolCallOutcome;
  /** From the start of argument validation (refusals) or of the handler to its answer. */
  readonly seconds: number;
}

/** What the MCP routes tell about tool calls (optional; `/metrics` implements it). */
export interface McpToolMetrics {
  toolCalled(call: ToolCall): void;
}

type RegisterTool = McpServer['registerTool'];

/**
 * Makes each tool registered on `server` from now on report its calls to `metrics`. Only
 * registered names are ever reported (a call to an unknown tool is the SDK's JSON-RPC error and
 * reaches no handler), so the `tool` label stays bounded.
 *
 * @example
 * const server = new McpServer({ name: 'mcp-cockpit', version });
 * instrumentToolCalls(server, metrics);
 * getJobTool.register(server, context);
 */
export function instrumentToolCalls(server: McpServer, metrics: McpToolMetrics): void {
  const register = server.registerTool.bind(server) as (...args: unknown[]) => ReturnType<RegisterTool>;
  const instrumented = (name: string, config: { inputSchema?: unknown }, handler: ToolHandler) =>
    register(
      name,
      { ...config, inputSchema: countingRefusals(config.inputSchema, name, metrics) },
      timedHandler(name, handler, metrics),
    );
  server.registerTool = instrumented as unknown as RegisterTool;
}

type ToolHandler = (...args: unknown[]) => unknown;

function timedHandler(tool: string, handler: ToolHandler, metrics: McpToolMetrics): ToolHandler {
  return async (...args) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await handler(...args);
      metrics.toolCalled({ tool, outcome: isErrorResult(result) ? 'error' : 'ok', seconds: seconds() });
      return result;
    } catch (error) {
      metrics.toolCalled({ tool, outcome: 'protocol_error', seconds: seconds() });
      throw error;
    }
  };
}

// The SDK validates arguments before the handler runs and answers a refusal itself; wrapping the
// schema's Standard Schema `validate` is the one public place such a call can be seen.
function countingRefusals(schema: unknown, tool: string, metrics: McpToolMetrics): unknown {
  if (!isStandardSchema(schema)) return schema;
  const standard = schema['~standard'];
  return {
    ...schema,
    '~standard': {
      ...standard,
      validate: (value: unknown) => {
        const started = performance.now();
        const report = (result: { issues?: unknown }) => {
          if (result.issues !== undefined) {
            const seconds = (performance.now() - started) / 1000;
            metrics.toolCalled({ tool, outcome: 'protocol_error', seconds });
          }
          return result;
        };
        const result = standard.validate(value);
        return result instanceof Promise ? result.then(report) : report(result);
      },
    },
  };
}

function isStandardSchema(schema: unknown): schema is StandardSchemaWithJSON {
  return typeof schema === 'object' && schema !== null && '~standard' in schema;
}

function isErrorResult(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { isError?: unknown }).isError === true;
}
