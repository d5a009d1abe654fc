/**
 * Step-up for OAuth callers over `/mcp`. A `tools/call` of a tool whose scope the token lacks is
 * answered before the SDK sees it: HTTP 403 with `WWW-Authenticate: Bearer
 * error="insufficient_scope", scope="cockpit:operate", resource_metadata="…"` (the MCP
 * authorization spec's scope challenge, which SDK clients with an OAuth provider act on by asking
 * for the scope and retrying), and as body the same JSON-RPC answer an API key gets (an `isError`
 * result naming the scope), so a client that does not step up still reads why. API keys cannot
 * step up: they keep the plain `isError` result with HTTP 200.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { type Access, requireScope } from '../access/index.ts';
import { insufficientScopeChallenge, OAUTH_SCOPE_FOR } from '../oauth/index.ts';
import { toolErrorResult } from './tool-error.ts';
import { COCKPIT_TOOLS, FILE_TOOLS } from './tools/index.ts';

const SCOPE_OF_TOOL = new Map(COCKPIT_TOOLS.map((tool) => [tool.name as string, tool.scope]));
// Only when they are registered: off, a file tool is an unknown tool (-32602), not a scope to step up to.
const SCOPE_OF_FILE_TOOL = new Map(FILE_TOOLS.map((tool) => [tool.name as string, tool.scope]));

/**
 * The 403 scope challenge for `body` (one JSON-RPC message or a batch) when `access` is an OAuth
 * caller that lacks a scope one of its `tools/call` requests needs; undefined otherwise (the SDK
 * answers as usual, and `defineTool` still refuses anything this missed).
 *
 * @example
 * const challenge = scopeStepUp({ access, body: parsedBody, resourceMetadataUrl });
 * if (challenge !== undefined) return challenge;
 */
export function scopeStepUp(options: {
  readonly access: Access;
  readonly body: unknown;
  readonly resourceMetadataUrl: string | undefined;
  /** True when the file tools are registered (LUKHAS_FILE_OPS=1). */
  readonly fileTools?: boolean;
}): Response | undefined {
  const { access, resourceMetadataUrl } = options;
  if (access.credential !== 'oauth' || resourceMetadataUrl === undefined) return undefined;
  const messages = Array.isArray(options.body) ? options.body : [options.body];
  for (const message of messages) {
    const call = toolCallOf(message);
    const scope =
      call === undefined
        ? undefined
        : (SCOPE_OF_TOOL.get(call.tool) ??
          (options.fileTools === true ? SCOPE_OF_FILE_TOOL.get(call.tool) : undefined));
    if (call === undefined || scope === undefined || access.scopes.includes(scope)) continue;
    let refusal: unknown;
    try {
      requireScope(access, scope, call.tool);
    } catch (error) {
      refusal = error;
    }
    const result = toolErrorResult(refusal, { tool: call.tool, report: () => {} });
    const answer = { jsonrpc: '2.0', id: call.id, result } as unknown as JSONRPCMessage;
    return Response.json(answer, {
      status: 403,
      headers: {
        'WWW-Authenticate': insufficientScopeChallenge({
          resourceMetadataUrl,
          scope: OAUTH_SCOPE_FOR[scope],
        }),
        'Cache-Control': 'no-store',
      },
    });
  }
  return undefined;
}

function toolCallOf(message: unknown): { readonly id: unknown; readonly tool: string } | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, params, id } = message as { method?: unknown; params?: unknown; id?: unknown };
  if (method !== 'tools/call' || typeof params !== 'object' || params === null) return undefined;
  const tool = (params as { name?: unknown }).name;
  return typeof tool === 'string' ? { id: id ?? null, tool } : undefined;
}
