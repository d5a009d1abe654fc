/**
 * The cockpit's MCP server: one `McpServer` with every tool, built fresh for each HTTP request (the
 * SDK's stateless model: no session to keep, any process can answer any request).
 */
import { type CacheHint, McpServer } from '@modelcontextprotocol/server';
import { type CallSurface, FULL_SURFACE } from './call-surface.ts';
import type { CockpitTool } from './define-tool.ts';
import { registerCockpitPrompts } from './prompts/index.ts';
import { registerCockpitResources } from './resources/index.ts';
import { attachTasksExtension } from './tasks/index.ts';
import type { McpToolContext } from './tool-context.ts';
import { SERVER_ICONS } from './tool-icons.ts';
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
  'Resources: cockpit://jobs/{jobId}, cockpit://canaries/{canaryId} (record, samples, decision math) and',
  'cockpit://narrative/{id}; prompts investigate-rollback {canaryId} and plan-canary {modelId}.',
].join(' ');

const FILE_INSTRUCTIONS = [
  'Files of the repository (on in this cockpit): list_files and read_file (its sha256), then apply_patch (a',
  'unified diff) or write_file with expectedSha256; every change is audited, and why {id: "<path>"} tells',
  "a file's story.",
].join(' ');

// The tools, prompts and templates are the same for every caller of a server version (nothing is
// filtered by scope), so shared caches may keep them for a few minutes.
const STATIC_LIST: CacheHint = { ttlMs: 5 * 60 * 1000, cacheScope: 'public' };

/**
 * How long a 2026-07-28 client may reuse a result (`ttlMs`, `cacheScope`): the static lists and
 * `server/discover` five minutes, publicly; `resources/list` and `resources/read` show live state and
 * keep the SDK's default, never cached (`ttlMs: 0`, `private`).
 */
export const MCP_CACHE_HINTS = {
  'tools/list': STATIC_LIST,
  'prompts/list': STATIC_LIST,
  'resources/templates/list': STATIC_LIST,
  'server/discover': STATIC_LIST,
} as const;

/**
 * The tools `cockpit` offers, in order. The connector contract wants search and fetch first; the
 * rest follow the SPEC's order. File operations are opt-in (LUKHAS_FILE_OPS=1): off, the file tools
 * do not exist for any caller.
 */
export function toolsOf(cockpit: McpToolContext['cockpit']): readonly CockpitTool[] {
  return cockpit.files === undefined ? COCKPIT_TOOLS : [...COCKPIT_TOOLS, ...FILE_TOOLS];
}

/** Which protocol era the server is built for (the SDK's factory says). */
export type McpEra = 'legacy' | 'modern';

/**
 * A server with the tools in their contract order: search, fetch, run_eval, get_job, list_jobs,
 * cancel_job, start_canary, get_canary, list_canaries, abort_canary, why, why_math; then the file
 * tools (list_files, read_file, write_file, apply_patch) when the cockpit has file operations.
 *
 * @example
 * const server = createCockpitMcpServer({ cockpit, operator: 'local', scopes: ALL_SCOPES, now: Date.now, maxWaitMs, report }, '0.1.0', 'modern');
 * await server.connect(transport);
 */
export function createCockpitMcpServer(
  context: McpToolContext,
  version: string,
  era: McpEra = 'legacy',
  options: { readonly surface?: CallSurface } = {},
): McpServer {
  const surface = options.surface ?? FULL_SURFACE;
  const server = new McpServer(
    { name: MCP_SERVER_NAME, title: 'MCP Cockpit', version, icons: SERVER_ICONS },
    {
      instructions:
        context.cockpit.files === undefined ? INSTRUCTIONS : `${INSTRUCTIONS} ${FILE_INSTRUCTIONS}`,
      maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS,
      cacheHints: MCP_CACHE_HINTS,
    },
  );
  if (context.metrics !== undefined) instrumentToolCalls(server, context.metrics);
  // Tasks are a 2026-07-28 extension; it wraps the tools/call handler, so it comes before the tools.
  if (era === 'modern') attachTasksExtension(server, context);
  const tools = toolsOf(context.cockpit);
  // One tools/call of a known tool: only that tool is reachable (see `call-surface.ts`). A file tool
  // of a cockpit without file operations is unknown here: the full server answers the SDK's -32602.
  const only = surface.kind === 'tool' ? tools.find((tool) => tool.name === surface.tool) : undefined;
  if (only !== undefined) {
    only.register(server, context);
    return server;
  }
  for (const tool of tools) tool.register(server, context);
  registerCockpitResources(server, context);
  registerCockpitPrompts(server, context);
  // Resource subscriptions ride `subscriptions/listen`, a 2026-07-28 stream. A 2025 session would
  // subscribe with `resources/subscribe` and hear back on its GET stream, which a stateless
  // endpoint does not have (GET is 405), so the capability is only offered to modern requests.
  if (era === 'modern') server.server.registerCapabilities({ resources: { subscribe: true } });
  return server;
}
