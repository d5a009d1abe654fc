/**
 * Raw 2026-07-28 requests, for what the official v2 client cannot send or does not show: the wire
 * fields it consumes (`ttlMs`, `cacheScope`) and the tasks extension's task results, which its
 * result decoder refuses (`resultType: "task"`). The envelope and headers are the ones the v2 client
 * sends itself: `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`, and `_meta` with the revision,
 * the client's info and its capabilities.
 */

/** The revision these requests claim. */
export const MODERN_REVISION = '2026-07-28';

/** The tasks extension's identifier (SEP-2663). */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

const NAME_FIELD: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

/** Options of {@link postModern}. */
export interface ModernRequestOptions {
  /** The client's capabilities for this request (e.g. `{ extensions: { [TASKS_EXTENSION]: {} } }`). */
  readonly capabilities?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  readonly id?: number | string;
}

/** A JSON-RPC answer, as parsed from a JSON body or the last message of an event stream. */
export interface ModernAnswer {
  readonly status: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/**
 * Posts one 2026-07-28 request and returns its answer.
 *
 * @example
 * const { result } = await postModern(server.url, 'tools/list', {});
 */
export async function postModern(
  url: string,
  method: string,
  params: Record<string, unknown>,
  options: ModernRequestOptions = {},
): Promise<ModernAnswer> {
  const nameField = NAME_FIELD[method];
  const name = nameField === undefined ? undefined : params[nameField];
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': MODERN_REVISION,
      'Mcp-Method': method,
      ...(typeof name === 'string' ? { 'Mcp-Name': name } : {}),
      ...options.headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: options.id ?? 1,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': MODERN_REVISION,
          'io.modelcontextprotocol/clientInfo': { name: 'cockpit-raw-tests', version: '1.0.0' },
          'io.modelcontextprotocol/clientCapabilities': options.capabilities ?? {},
        },
      },
    }),
  });
  const text = await response.text();
  const message = response.headers.get('content-type')?.startsWith('text/event-stream')
    ? lastStreamMessage(text)
    : (JSON.parse(text) as { result?: Record<string, unknown>; error?: ModernAnswer['error'] });
  return { status: response.status, ...message };
}

// The response is the last `data:` line carrying a result or an error.
function lastStreamMessage(text: string): {
  result?: Record<string, unknown>;
  error?: ModernAnswer['error'];
} {
  const messages = text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map(
      (line) =>
        JSON.parse(line.slice(5)) as { result?: Record<string, unknown>; error?: ModernAnswer['error'] },
    )
    .filter((message) => message.result !== undefined || message.error !== undefined);
  const last = messages.at(-1);
  if (last === undefined) throw new Error(`no JSON-RPC answer in the event stream: ${text.slice(0, 200)}`);
  return last;
}
