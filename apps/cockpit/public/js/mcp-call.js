// @ts-check
import { keyHeaders, loadApiKey } from './api-key.js';

/** A tool answered `isError`, or the call itself failed (HTTP status, JSON-RPC error). */
export class ToolCallError extends Error {
  /** @param {string} message @param {string} tool */
  constructor(message, tool) {
    super(message);
    this.name = 'ToolCallError';
    this.tool = tool;
  }
}

let nextRequestId = 1;

/**
 * Calls one MCP tool with a stateless JSON-RPC `tools/call` on same-origin `/mcp` and returns its
 * `structuredContent` (or, without one, the text of `content[0]`).
 *
 * @example const job = await callTool('run_eval', { taskId: 'lukhas-agi-stress' });
 * @param {string} name
 * @param {Record<string, unknown>} args
 * @returns {Promise<any>}
 */
export async function callTool(name, args) {
  const response = await fetch('/mcp', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...keyHeaders(loadApiKey()),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: nextRequestId++,
      method: 'tools/call',
      params: { name, arguments: args },
    }),
  });
  const text = await response.text();
  const message = parseAnswer(text, response.headers.get('content-type') ?? '');
  if (!response.ok || message === undefined) {
    const reason = message?.error?.message ?? message?.message ?? text.slice(0, 200);
    throw new ToolCallError(`${name}: HTTP ${response.status} ${reason}`, name);
  }
  if (message.error !== undefined) throw new ToolCallError(`${name}: ${message.error.message}`, name);
  const result = message.result;
  const firstText = result?.content?.[0]?.text ?? '';
  if (result?.isError === true) throw new ToolCallError(`${name}: ${firstText}`, name);
  return result?.structuredContent ?? firstText;
}

/**
 * The JSON-RPC answer of a JSON body, or of the last `data:` of an SSE body.
 * @param {string} text @param {string} contentType @returns {any}
 */
function parseAnswer(text, contentType) {
  try {
    if (!contentType.includes('text/event-stream')) return JSON.parse(text);
    const data = text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim());
    const last = data.at(-1);
    return last === undefined ? undefined : JSON.parse(last);
  } catch {
    return undefined;
  }
}
