/**
 * What a request's server needs to register. A fresh server is built for every request, and
 * building it (every tool, template and prompt) is a good part of a `tools/call`'s cost; yet a
 * `tools/call` of one cockpit tool touches that tool alone: no other tool, resource or prompt, and
 * no capability is reported in its answer. So such a request gets a server with just that tool;
 * everything else (initialize, server/discover, the lists, an unknown tool's -32602, a batch) gets
 * the full one. What the client sees is the same either way.
 */
import { TOOL_NAMES, type ToolName } from '@lukhas/core';

/** Everything, or the one tool a `tools/call` names. */
export type CallSurface = { readonly kind: 'full' } | { readonly kind: 'tool'; readonly tool: ToolName };

/** Every tool, resource and prompt. */
export const FULL_SURFACE: CallSurface = { kind: 'full' };

/**
 * The surface `body` (a parsed JSON-RPC message, or anything) needs.
 *
 * @example
 * callSurfaceOf({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_job', arguments: {} } });
 * // { kind: 'tool', tool: 'get_job' }
 */
export function callSurfaceOf(body: unknown): CallSurface {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return FULL_SURFACE;
  const { method, params } = body as { method?: unknown; params?: unknown };
  if (method !== 'tools/call' || typeof params !== 'object' || params === null) return FULL_SURFACE;
  const name = (params as { name?: unknown }).name;
  return isToolName(name) ? { kind: 'tool', tool: name } : FULL_SURFACE;
}

/** Whether `value` names a cockpit tool. */
export function isToolName(value: unknown): value is ToolName {
  return (TOOL_NAMES as readonly unknown[]).includes(value);
}
