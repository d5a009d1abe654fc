/**
 * The hot path of `/mcp`: a 2025-era `tools/call` of a read-only tool, answered with one JSON body
 * without building an SDK server and transport for it.
 *
 * Why: every other request gets a fresh `McpServer`, a fresh transport, a connect and a close (the
 * SDK's stateless model), which costs several times what the tool itself does; yet the calls that
 * assistants and dashboards repeat most (get_job, list_canaries, why, …) only read. Such a call is
 * answered here with the tool's own `answer`, which takes the steps the SDK takes around a
 * registered tool, and wrapped in the JSON-RPC response the SDK would send.
 *
 * Only the plainest shape takes this path; anything else goes to the SDK, which then answers in its
 * own words: a batch, a notification, `_meta` with a progress token, a protocol-version header the
 * SDK does not support, an `Accept` or `Content-Type` its transport refuses, arguments that are not
 * an object or too many elements, a tool that changes something, arguments or a result that its
 * schemas refuse. A read-only tool can be asked twice, so the last two fall back after the fact.
 * `direct-tool-call.test.ts` compares every read-only tool's answer here with the SDK's.
 *
 * The shape is also one the SDK always serves as a 2025-era request (its `isLegacyRequest`): an
 * empty `_meta` at most (so no 2026-07-28 envelope claim) and no 2026-era protocol-version header. So the
 * route asks this path first, and the SDK's era classification only for what falls through;
 * `direct-tool-call.test.ts` checks the two agree.
 */
import { isRecord, type ToolName } from '@lukhas/core';
import { isJsonContentType, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { isToolName } from './call-surface.ts';
import type { CockpitTool } from './define-tool.ts';
import type { McpToolContext } from './tool-context.ts';
import type { McpToolMetrics } from './tool-metrics.ts';

/**
 * More argument elements than any read-only tool takes (a handful of fields): a call past it goes
 * to the SDK, whose own limit (`MAX_TOOL_INPUT_ELEMENTS`) and wording then apply.
 */
const MAX_DIRECT_ELEMENTS = 64;

/**
 * The first protocol revision of the 2026 era, which the SDK serves with per-request envelopes
 * rather than as a 2025-era request; versions sort as dates.
 */
const FIRST_MODERN_VERSION = '2026-07-28';

/** The protocol-version headers a 2025-era request may carry (none is fine too). */
const LEGACY_ERA_VERSIONS: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS.filter(
  (version) => version < FIRST_MODERN_VERSION,
);

/** A `tools/call` this path can answer: the parts of the message it needs. */
interface DirectCall {
  readonly id: string | number;
  readonly tool: CockpitTool;
  readonly arguments: unknown;
}

/** The read-only tools, by name: the ones a direct call may reach. */
export type DirectTools = ReadonlyMap<ToolName, CockpitTool>;

/** The read-only tools of `tools`. */
export function directToolsOf(tools: readonly CockpitTool[]): DirectTools {
  return new Map(tools.filter((tool) => tool.readOnly).map((tool) => [tool.name, tool]));
}

/**
 * The JSON answer to `body` when it is a plain read-only `tools/call`, else `undefined` (the SDK
 * answers). `headers` are the ones the SDK would see (after the curl shim).
 *
 * @example
 * const answer = await directToolCall({ body, headers, tools, context });
 * if (answer !== undefined) return answer;
 */
export async function directToolCall(options: {
  readonly body: unknown;
  readonly headers: Headers;
  readonly tools: DirectTools;
  readonly context: McpToolContext;
  readonly metrics?: McpToolMetrics;
}): Promise<Response | undefined> {
  if (!transportAccepts(options.headers)) return undefined;
  const call = directCallOf(options.body, options.tools);
  if (call === undefined) return undefined;
  const started = performance.now();
  const result = await call.tool.answer(call.arguments, options.context);
  if (result === undefined) return undefined;
  options.metrics?.toolCalled({
    tool: call.tool.name,
    outcome: result.isError === true ? 'error' : 'ok',
    seconds: (performance.now() - started) / 1000,
  });
  // A string body, not `Response.json`: the node adapter writes a string body in one go, where a
  // stream-bodied response (what `Response.json` builds) is piped chunk by chunk.
  return new Response(JSON.stringify({ result, jsonrpc: '2.0', id: call.id }), JSON_ANSWER);
}

const JSON_ANSWER: ResponseInit = { status: 200, headers: { 'content-type': 'application/json' } };

// What the SDK's transport checks before it reads a POST: both media types accepted, a JSON body,
// and a protocol-version header (when there is one) that it supports, here of the 2025 era.
function transportAccepts(headers: Headers): boolean {
  const accept = headers.get('accept');
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return false;
  if (!isJsonContentType(headers.get('content-type'))) return false;
  const version = headers.get('mcp-protocol-version');
  return version === null || LEGACY_ERA_VERSIONS.includes(version);
}

function directCallOf(body: unknown, tools: DirectTools): DirectCall | undefined {
  if (!isRecord(body) || body.jsonrpc !== '2.0' || body.method !== 'tools/call') return undefined;
  const { id, params } = body;
  if (!(typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)))) return undefined;
  if (!isRecord(params) || !hasOnlyKeys(body, ['jsonrpc', 'id', 'method', 'params'])) return undefined;
  // An empty `_meta` at most: a progress token needs the SDK, and an envelope claim makes a 2026 request.
  if (!hasOnlyKeys(params, ['name', 'arguments', '_meta'])) return undefined;
  if (params._meta !== undefined && !(isRecord(params._meta) && isEmpty(params._meta))) return undefined;
  const tool = isToolName(params.name) ? tools.get(params.name) : undefined;
  if (tool === undefined) return undefined;
  const args = params.arguments;
  if (args !== undefined && !isRecord(args)) return undefined;
  if (args !== undefined && elementCount(args, MAX_DIRECT_ELEMENTS) > MAX_DIRECT_ELEMENTS) return undefined;
  return { id, tool, arguments: args };
}

// Members of objects and elements of arrays, all the way down; stops counting past `limit`.
function elementCount(value: unknown, limit: number): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && count <= limit) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    const children = Array.isArray(next) ? next : Object.values(next);
    count += children.length;
    pending.push(...children);
  }
  return count;
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const key in value) if (!allowed.includes(key)) return false;
  return true;
}

function isEmpty(value: Record<string, unknown>): boolean {
  for (const _ in value) return false;
  return true;
}
