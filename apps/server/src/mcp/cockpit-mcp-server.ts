/**
 * The cockpit's MCP server: one `McpServer` with every tool, built fresh for each HTTP request (the
 * SDK's stateless model: no session to keep, any process can answer any request).
 */
import { McpServer } from '@modelcontextprotocol/server';
import type { McpToolContext } from './tool-context.ts';
import { instrumentToolCalls } from './tool-metrics.ts';
import { COCKPIT_TOOLS, FILE_TOOLS } from './tools/index.ts';

/** The name the server gives in `initialize` / `server/discover`. */
export const MCP_SERVER_NAME = 'mcp-cockpit';

/** Most array elements and object members one `tools/call` may carry (a policy has about 15). */
export const MAX_TOOL_INPUT_ELEMENTS = 1000;

const INSTRUCTIONS = [
  'MCP Cockpit: SLO-guarded model operations.',
  'Evaluations: run_eval queues a job (wait: true answers when it has ended); get_job, list_jobs, cancel_job.',
  'Canaries: start_canary promotes a model from one gate to another, sampled against SLO targets, and',
  'promotes or rolls back by itself; get_canary, list_canaries, abort_canary (rolls back at once).',
  'Explanations: why {id} tells the story of any job, canary or model; why_math {id} shows the numbers',
  'behind a canary decision. Documents of the repository: search then fetch.',
].join(' ');

const FILE_INSTRUCTIONS = [
  'Files of the repository (on in this cockpit): list_files and read_file (its sha256), then apply_patch (a',
  'unified diff) or write_file with expectedSha256; every change is audited, and why {id: "<path>"} tells',
  "a file's story.",
].join(' ');

/**
 * A server with the tools in their contract order: search, fetch, run_eval, get_job, list_jobs,
 * cancel_job, start_canary, get_canary, list_canaries, abort_canary, why, why_math; then the file
 * tools (list_files, read_file, write_file, apply_patch) when the cockpit has file operations.
 *
 * @example
 * const server = createCockpitMcpServer({ cockpit, operator: 'local', scopes: ALL_SCOPES, now: Date.now, maxWaitMs, report }, '0.1.0');
 * await server.connect(transport);
 */
export function createCockpitMcpServer(context: McpToolContext, version: string): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, title: 'MCP Cockpit', version },
    {
      instructions:
        context.cockpit.files === undefined ? INSTRUCTIONS : `${INSTRUCTIONS} ${FILE_INSTRUCTIONS}`,
      maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS,
    },
  );
  if (context.metrics !== undefined) instrumentToolCalls(server, context.metrics);
  // The connector contract wants search and fetch first; the rest follow the SPEC's order.
  for (const tool of COCKPIT_TOOLS) tool.register(server, context);
  // Opt-in (LUKHAS_FILE_OPS=1): off, the file tools do not exist for any caller.
  if (context.cockpit.files !== undefined) for (const tool of FILE_TOOLS) tool.register(server, context);
  return server;
}
