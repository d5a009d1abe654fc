/**
 * One `tools/call` over plain HTTP with a bearer key, as a curl user sends it: the answer must be
 * 200 (a tool failure is an isError result, never an HTTP error), read as its first text item.
 */
import { expect } from 'vitest';

/** What a tool answered: isError, the first text item, and the whole result. */
export interface PostedToolCall {
  readonly isError: boolean;
  readonly text: string;
  readonly body: {
    isError?: boolean;
    content: { text: string }[];
    structuredContent?: Record<string, unknown>;
  };
}

/** Calls `name` with `args` on the MCP endpoint `url`, authorised by `key`. */
export async function postToolCall(
  url: string,
  key: string,
  name: string,
  args: Record<string, unknown>,
): Promise<PostedToolCall> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${key}`,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  expect(response.status).toBe(200);
  const body = ((await response.json()) as { result: PostedToolCall['body'] }).result;
  return { isError: body.isError === true, text: body.content[0]?.text ?? '', body };
}

/**
 * Calls `name` on the cockpit at `baseUrl` (its `/mcp`) and returns the structured result; a tool
 * failure fails the test, naming the tool's message.
 *
 * @example const { canaryId } = await callToolOk(server.url, KEY, 'start_canary', request);
 */
export async function callToolOk(
  baseUrl: string,
  key: string,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const call = await postToolCall(`${baseUrl}/mcp`, key, name, args);
  expect(call.isError, call.text).toBe(false);
  return call.body.structuredContent ?? {};
}
