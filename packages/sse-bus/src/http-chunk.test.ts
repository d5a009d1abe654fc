import { describe, expect, it } from 'vitest';
import { httpChunkOf } from './http-chunk.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('httpChunkOf', () => {
  it('frames bytes as one chunk of a chunked body, the size in hex', () => {
    const frame = new TextEncoder().encode(`data: ${'x'.repeat(26)}\n\n`);
    expect(text(httpChunkOf(frame))).toBe(`22\r\ndata: ${'x'.repeat(26)}\n\n\r\n`);
  });

  it('frames a shared frame once: every stream gets the same chunk', () => {
    const frame = new TextEncoder().encode('data: y\n\n');
    expect(httpChunkOf(frame)).toBe(httpChunkOf(frame));
    expect(httpChunkOf(new TextEncoder().encode('data: y\n\n'))).not.toBe(httpChunkOf(frame));
  });

  it('leaves empty bytes empty (an empty chunk would end the body)', () => {
    expect(httpChunkOf(new Uint8Array(0)).byteLength).toBe(0);
  });
});
