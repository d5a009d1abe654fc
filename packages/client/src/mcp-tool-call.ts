/**
 * MCP over one POST: a JSON-RPC request (`tools/call`, `initialize`, `tools/list`, …) sent to the
 * cockpit's `/mcp` without a session (the server is stateless-friendly), answered with JSON or, if
 * the server chooses to stream, an SSE body whose `message` event holds the answer. Failures become
 * {@link CockpitClientError}s.
 */
import { CockpitClientError, type JsonRpcError } from './cockpit-client-error.js';
import type { FetchLike } from './event-stream.js';
import { errorFromResponse, isRecord, jsonRpcErrorOf, parseJson } from './http-error.js';
import { readEventStream } from './sse-parser.js';

/** What a request needs from the client. */
export interface ToolCallContext {
  /** `{baseUrl}/mcp`. */
  readonly endpoint: string;
  readonly fetch: FetchLike;
  readonly headers: () => Readonly<Record<string, string>>;
  /** The next JSON-RPC request id. */
  readonly nextId: () => number;
}

/** Options of one request to `/mcp`. */
export interface McpRequestOptions {
  /** Aborts the HTTP request; the call rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
  /** Extra headers for this request only (e.g. `MCP-Protocol-Version`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A successful `tools/call` result. */
export interface ToolResult {
  readonly content: readonly { readonly type: string; readonly text?: string }[];
  readonly structuredContent?: unknown;
  readonly isError?: boolean;
}

/** One JSON-RPC message to POST: a request (with an id) or a notification (without). */
interface Exchange {
  readonly method: string;
  readonly params: object | undefined;
  /** How errors name the call: the tool's name for `tools/call`, else the method. */
  readonly label: string;
  readonly tool: string | undefined;
  readonly options: McpRequestOptions;
}

/**
 * Sends one JSON-RPC request and returns its `result`; throws `RPC_ERROR` for a JSON-RPC error and
 * the HTTP codes (`UNAUTHORIZED`, `RATE_LIMITED`, …) for failed requests.
 *
 * @example
 * const { tools } = await mcpRequest(context, 'tools/list', {});
 */
export async function mcpRequest(
  context: ToolCallContext,
  method: string,
  params?: object,
  options: McpRequestOptions = {},
): Promise<unknown> {
  const { answer } = await exchange(context, { method, params, label: method, tool: undefined, options });
  return isRecord(answer) ? answer.result : undefined;
}

/**
 * Sends one JSON-RPC notification (no id, no answer expected); resolves once the server accepted it.
 *
 * @example
 * await mcpNotify(context, 'notifications/initialized');
 */
export async function mcpNotify(
  context: ToolCallContext,
  method: string,
  params?: object,
  options: McpRequestOptions = {},
): Promise<void> {
  const label = method;
  const response = await post(
    context,
    { jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) },
    {
      method,
      params,
      label,
      tool: undefined,
      options,
    },
  );
  await response.body?.cancel().catch(() => undefined);
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
  options: McpRequestOptions = {},
): Promise<ToolResult> {
  refuseNonObjectArguments(tool, args);
  const { answer, status } = await exchange(context, {
    method: 'tools/call',
    params: { name: tool, arguments: args },
    label: tool,
    tool,
    options,
  });
  const result = isRecord(answer) ? answer.result : undefined;
  if (!isToolResult(result)) {
    throw new CockpitClientError('INVALID_RESPONSE', `POST /mcp (${tool}): the answer holds no tool result`, {
      status,
      tool,
      body: answer,
    });
  }
  if (result.isError === true) {
    const text = firstText(result) ?? `${tool} failed`;
    const toolCode = /\[([A-Z][A-Z0-9_]*)\]\s*$/.exec(text)?.[1];
    throw new CockpitClientError('TOOL_ERROR', text, {
      tool,
      status,
      ...(toolCode === undefined ? {} : { toolCode }),
    });
  }
  return result;
}

// POSTs a request and reads its answer: the JSON-RPC message carrying the request's id.
async function exchange(
  context: ToolCallContext,
  call: Exchange,
): Promise<{ readonly answer: unknown; readonly status: number }> {
  const id = context.nextId();
  const message = {
    jsonrpc: '2.0',
    id,
    method: call.method,
    ...(call.params === undefined ? {} : { params: call.params }),
  };
  const response = await post(context, message, call);
  const { signal } = call.options;
  let answer: unknown;
  try {
    answer = await readAnswer(response, id, signal);
  } catch (cause) {
    if (cause instanceof CockpitClientError) throw cause;
    throw failedRequest(call, cause);
  }
  const rpcError = jsonRpcErrorOf(answer);
  if (rpcError !== undefined) throw rpcFailure(call, rpcError, response.status);
  return { answer, status: response.status };
}

// POSTs one message; resolves only with a 2xx response.
async function post(context: ToolCallContext, message: object, call: Exchange): Promise<Response> {
  const { signal } = call.options;
  let response: Response;
  try {
    response = await context.fetch(context.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        ...context.headers(),
        ...call.options.headers,
      },
      body: JSON.stringify(message),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (cause) {
    throw failedRequest(call, cause);
  }
  if (!response.ok) {
    throw await errorFromResponse(
      response,
      `POST /mcp (${call.label})`,
      call.tool === undefined ? {} : { tool: call.tool },
    );
  }
  return response;
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

/**
 * A tool's arguments are one JSON object. Anything else would come back as the server's raw schema
 * dump; refusing it here says in one line what to pass instead.
 */
function refuseNonObjectArguments(tool: string, args: unknown): void {
  if (isRecord(args)) return;
  const given = args === null ? 'null' : Array.isArray(args) ? 'an array' : `a ${typeof args}`;
  throw new CockpitClientError(
    'INVALID_ARGUMENTS',
    `${tool}: expected the arguments as one object such as {"id": "…"}, got ${given}`,
    { tool },
  );
}

function isToolResult(value: unknown): value is ToolResult {
  return isRecord(value) && Array.isArray(value.content);
}

function rpcFailure(call: Exchange, rpcError: JsonRpcError, status: number): CockpitClientError {
  return new CockpitClientError(
    'RPC_ERROR',
    `${call.label}: ${rpcError.message} (JSON-RPC ${rpcError.code})`,
    { ...(call.tool === undefined ? {} : { tool: call.tool }), rpcError, status },
  );
}

function failedRequest(call: Exchange, cause: unknown): CockpitClientError {
  const tool = call.tool === undefined ? {} : { tool: call.tool };
  if (call.options.signal?.aborted)
    return new CockpitClientError('ABORTED', `${call.label}: the call was aborted`, { ...tool, cause });
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new CockpitClientError('NETWORK_ERROR', `POST /mcp (${call.label}) failed: ${detail}`, {
    ...tool,
    cause,
  });
}
