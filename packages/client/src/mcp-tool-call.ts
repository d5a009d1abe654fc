/**
 * One MCP tool call: a JSON-RPC `tools/call` POSTed to the cockpit's `/mcp` without a session (the
 * server is stateless-friendly), answered with JSON or, if the server chooses to stream, an SSE
 * body whose `message` event holds the answer. Failures become {@link CockpitClientError}s.
 */
import { CockpitClientError, type JsonRpcError } from './cockpit-client-error.js';
import type { FetchLike } from './event-stream.js';
import { errorFromResponse, isRecord, jsonRpcErrorOf, parseJson } from './http-error.js';
import { readEventStream } from './sse-parser.js';

/** What a tool call needs from the client. */
export interface ToolCallContext {
  /** `{baseUrl}/mcp`. */
  readonly endpoint: string;
  readonly fetch: FetchLike;
  readonly headers: () => Readonly<Record<string, string>>;
  /** The next JSON-RPC request id. */
  readonly nextId: () => number;
}

/** A successful `tools/call` result. */
export interface ToolResult {
  readonly content: readonly { readonly type: string; readonly text?: string }[];
  readonly structuredContent?: unknown;
  readonly isError?: boolean;
}

/**
 * Calls `tool` and returns its result; throws `TOOL_ERROR` for `isError` results, `RPC_ERROR` for
 * JSON-RPC errors, and the HTTP codes (`UNAUTHORIZED`, `RATE_LIMITED`, …) for failed requests.
 *
 * @example
 * const result = await callMcpTool(context, 'get_job', { jobId: 'job_k3j9x0a1m2qz' });
 */
export async function callMcpTool(
  context: ToolCallContext,
  tool: string,
  args: object,
  signal?: AbortSignal,
): Promise<ToolResult> {
  const id = context.nextId();
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: tool, arguments: args },
  });
  let response: Response;
  try {
    response = await context.fetch(context.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        ...context.headers(),
      },
      body,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (cause) {
    throw failedRequest(tool, cause, signal);
  }
  if (!response.ok) throw await errorFromResponse(response, `POST /mcp (${tool})`, { tool });

  let answer: unknown;
  try {
    answer = await readAnswer(response, id, signal);
  } catch (cause) {
    if (cause instanceof CockpitClientError) throw cause;
    throw failedRequest(tool, cause, signal);
  }
  const rpcError = jsonRpcErrorOf(answer);
  if (rpcError !== undefined) throw rpcFailure(tool, rpcError, response.status);
  const result = isRecord(answer) ? answer.result : undefined;
  if (!isToolResult(result)) {
    throw new CockpitClientError('INVALID_RESPONSE', `POST /mcp (${tool}): the answer holds no tool result`, {
      status: response.status,
      tool,
      body: answer,
    });
  }
  if (result.isError === true) {
    const text = firstText(result) ?? `${tool} failed`;
    const toolCode = /\[([A-Z][A-Z0-9_]*)\]\s*$/.exec(text)?.[1];
    throw new CockpitClientError('TOOL_ERROR', text, {
      tool,
      status: response.status,
      ...(toolCode === undefined ? {} : { toolCode }),
    });
  }
  return result;
}

/** The first text item of a result (`content[0].text` on the cockpit). */
export function firstText(result: ToolResult): string | undefined {
  return result.content.find((item) => typeof item.text === 'string')?.text;
}

/** The result as an object: `structuredContent`, else the JSON in its first text item. */
export function structuredResult(tool: string, result: ToolResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const text = firstText(result);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CockpitClientError('INVALID_RESPONSE', `${tool}: the result text is not JSON`, { tool, cause });
  }
}

async function readAnswer(response: Response, id: number, signal: AbortSignal | undefined): Promise<unknown> {
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.startsWith('text/event-stream') && response.body !== null) {
    // Notifications (progress) may come first; the answer is the message that carries our id.
    let answer: unknown;
    await readEventStream(
      response.body,
      {
        onMessage: (message) => {
          if (answer !== undefined || message.event !== 'message') return;
          const parsed = parseJson(message.data);
          if (isRecord(parsed) && parsed.id === id && ('result' in parsed || 'error' in parsed))
            answer = parsed;
        },
      },
      signal === undefined ? {} : { signal },
    );
    if (answer === undefined) {
      throw new CockpitClientError(
        'INVALID_RESPONSE',
        'the event stream ended without an answer to the call',
      );
    }
    return answer;
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (parsed === undefined) {
    throw new CockpitClientError(
      'INVALID_RESPONSE',
      `expected a JSON-RPC answer, got ${contentType || 'no content type'}`,
      {
        status: response.status,
        body: text.slice(0, 500),
      },
    );
  }
  return parsed;
}

function isToolResult(value: unknown): value is ToolResult {
  return isRecord(value) && Array.isArray(value.content);
}

function rpcFailure(tool: string, rpcError: JsonRpcError, status: number): CockpitClientError {
  return new CockpitClientError('RPC_ERROR', `${tool}: ${rpcError.message} (JSON-RPC ${rpcError.code})`, {
    tool,
    rpcError,
    status,
  });
}

function failedRequest(tool: string, cause: unknown, signal: AbortSignal | undefined): CockpitClientError {
  if (signal?.aborted)
    return new CockpitClientError('ABORTED', `${tool}: the call was aborted`, { tool, cause });
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new CockpitClientError('NETWORK_ERROR', `POST /mcp (${tool}) failed: ${detail}`, { tool, cause });
}
