import { describe, expect, it } from 'vitest';
import { callSurfaceOf, FULL_SURFACE } from './call-surface.ts';

describe('callSurfaceOf', () => {
  it('names the one cockpit tool a tools/call calls', () => {
    expect(
      callSurfaceOf({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'get_job', arguments: {} },
      }),
    ).toEqual({ kind: 'tool', tool: 'get_job' });
  });

  it.each([
    ['tools/list', { jsonrpc: '2.0', id: 1, method: 'tools/list' }],
    ['an unknown tool (its -32602 needs the full list)', { method: 'tools/call', params: { name: 'nope' } }],
    ['a tool name that is not a string', { method: 'tools/call', params: { name: 7 } }],
    ['a tools/call without params', { method: 'tools/call' }],
    ['a batch', [{ method: 'tools/call', params: { name: 'get_job' } }]],
    ['a body that did not parse', undefined],
    ['a prototype key', { method: 'tools/call', params: { name: 'constructor' } }],
  ])('needs everything for %s', (_name, body) => {
    expect(callSurfaceOf(body)).toBe(FULL_SURFACE);
  });
});
