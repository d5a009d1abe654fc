export { CanaryRequestInput, canaryRequestInput } from './canary-request-schema.ts';
export { createCockpitMcpServer, MAX_TOOL_INPUT_ELEMENTS, MCP_SERVER_NAME } from './cockpit-mcp-server.ts';
export { type CurlCompatibleHeaders, curlCompatibleHeaders } from './curl-compat.ts';
export { type McpRoutesOptions, mcpRoutes } from './mcp-routes.ts';
export { mcpSchema, parsedBy } from './mcp-schema.ts';
export { DEFAULT_MAX_WAIT_MS, type McpCockpit, type McpToolContext } from './tool-context.ts';
export {
  instrumentToolCalls,
  type McpToolMetrics,
  type ToolCall,
  type ToolCallOutcome,
} from './tool-metrics.ts';
export { jsonToolResult, textToolResult, toolFailure } from './tool-result.ts';
export { type WhyMath, type WhyMathAnswer, whyMath } from './why-math.ts';
