import {
  type CallToolResult,
  isLegacyRequest,
  PROTOCOL_VERSION_META_KEY,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import type { CockpitTool } from './define-tool.ts';
import { directToolCall, directToolsOf } from './direct-tool-call.ts';
import type { McpToolContext } from './tool-context.ts';
import type { ToolCall } from './tool-metrics.ts';

const RESULT: CallToolResult = {
  content: [{ type: 'text', text: '{"ok":true}' }],
  structuredContent: { ok: true },
};

function fakeTool(name: 'get_job' | 'cancel_job', readOnly: boolean, answers: unknown[]): CockpitTool {
  return {
    name,
    scope: readOnly ? 'read' : 'operate',
    readOnly,
    register: () => {},
    answer: async (args) => {
      answers.push(args);
      return (args as { refuse?: boolean } | undefined)?.refuse === true ? undefined : RESULT;
    },
  };
}

const CONTEXT = {} as McpToolContext;
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function attempt(body: unknown, headers: Record<string, string> = HEADERS) {
  const answers: unknown[] = [];
  const calls: ToolCall[] = [];
  const tools = directToolsOf([fakeTool('get_job', true, answers), fakeTool('cancel_job', false, answers)]);
  const response = await directToolCall({
    body,
    headers: new Headers(headers),
    tools,
    context: CONTEXT,
    metrics: { toolCalled: (call) => calls.push(call) },
  });
  return { response, answers, calls };
}

const call = (params: Record<string, unknown>, id: unknown = 7) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params,
});

describe('directToolCall', () => {
  it('answers a plain tools/call of a read-only tool as the JSON-RPC response, and counts it', async () => {
    const { response, answers, calls } = await attempt(
      call({ name: 'get_job', arguments: { jobId: 'j' } }, 'a'),
    );
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-type')).toBe('application/json');
    expect(await response?.json()).toEqual({ jsonrpc: '2.0', id: 'a', result: RESULT });
    expect(answers).toEqual([{ jobId: 'j' }]);
    expect(calls.map(({ tool, outcome }) => [tool, outcome])).toEqual([['get_job', 'ok']]);
  });

  it.each([
    ['a tool that changes something', call({ name: 'cancel_job', arguments: {} })],
    ['an unknown tool', call({ name: 'nope', arguments: {} })],
    ['a prototype key as the tool', call({ name: 'constructor' })],
    ['a batch', [call({ name: 'get_job' })]],
    ['a notification (no id)', { jsonrpc: '2.0', method: 'tools/call', params: { name: 'get_job' } }],
    ['a fractional id', call({ name: 'get_job' }, 1.5)],
    ['a null id', call({ name: 'get_job' }, null)],
    ['a progress token', call({ name: 'get_job', _meta: { progressToken: 1 } })],
    ['arguments that are not an object', call({ name: 'get_job', arguments: ['j'] })],
    ['an unexpected params member', call({ name: 'get_job', task: {} })],
    ['an unexpected message member', { ...call({ name: 'get_job' }), extra: 1 }],
    [
      'too many argument elements',
      call({ name: 'get_job', arguments: { list: Array.from({ length: 65 }, String) } }),
    ],
    ['a wrong jsonrpc version', { ...call({ name: 'get_job' }), jsonrpc: '1.0' }],
    ['another method', { jsonrpc: '2.0', id: 1, method: 'tools/list' }],
  ])('leaves %s to the SDK', async (_name, body) => {
    const { response, answers } = await attempt(body);
    expect(response).toBeUndefined();
    expect(answers).toEqual([]);
  });

  it.each([
    ['Accept without event streams', { ...HEADERS, accept: 'application/json' }],
    ['a body that is not JSON by its type', { ...HEADERS, 'content-type': 'text/plain' }],
    ['a protocol version the SDK does not support', { ...HEADERS, 'mcp-protocol-version': '1999-01-01' }],
  ])('leaves %s to the SDK', async (_name, headers) => {
    const { response, answers } = await attempt(call({ name: 'get_job', arguments: {} }), headers);
    expect(response).toBeUndefined();
    expect(answers).toEqual([]);
  });

  // The route asks this path before the SDK's era classification: it must never answer a call the
  // SDK would serve (or refuse) as a 2026-07-28 request.
  it.each<[string, string | undefined, Record<string, unknown> | undefined]>([
    ...SUPPORTED_PROTOCOL_VERSIONS.map((version): [string, string, undefined] => [
      `header ${version}`,
      version,
      undefined,
    ]),
    ['header 2026-07-28, no envelope', '2026-07-28', undefined],
    ['an envelope claim', undefined, { [PROTOCOL_VERSION_META_KEY]: '2026-07-28' }],
    ['header and envelope of 2026-07-28', '2026-07-28', { [PROTOCOL_VERSION_META_KEY]: '2026-07-28' }],
    ['no header, no envelope', undefined, undefined],
  ])('answers only what the SDK serves as a 2025-era request: %s', async (_name, version, meta) => {
    const body = call({
      name: 'get_job',
      arguments: { jobId: 'j' },
      ...(meta === undefined ? {} : { _meta: meta }),
    });
    const headers = version === undefined ? HEADERS : { ...HEADERS, 'mcp-protocol-version': version };
    const request = new Request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const legacy = await isLegacyRequest(request, body);
    const { response } = await attempt(body, headers);
    expect(response !== undefined).toBe(legacy);
    expect(legacy).toBe(meta === undefined && (version === undefined || version < '2026'));
  });

  it('hands the SDK a call whose arguments or result the tool refuses, without counting it', async () => {
    const { response, answers, calls } = await attempt(
      call({ name: 'get_job', arguments: { refuse: true } }),
    );
    expect(response).toBeUndefined();
    expect(answers).toHaveLength(1);
    expect(calls).toEqual([]);
  });
});
