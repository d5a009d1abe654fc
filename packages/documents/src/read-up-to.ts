/** Reading an open file with a ceiling, for documents and file operations alike. */
import type { FileHandle } from 'node:fs/promises';

/**
 * At most `limit` bytes of `handle` from its start: a file growing while it is read cannot make
 * the reader buffer without bound. Ask for one byte more than allowed to tell "too large" apart.
 *
 * @example const bytes = await readUpTo(handle, maxBytes + 1); if (bytes.length > maxBytes) refuse();
 */
export async function readUpTo(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}
