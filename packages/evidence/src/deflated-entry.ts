/**
 * An entry's bytes deflated (raw deflate, as zip stores them) while its CRC-32 and size are taken
 * over the bytes going in. The CRC-32 is Node's own (`zlib.crc32`, native), and deflate runs on
 * libuv's thread pool, beside the JavaScript that produces the next bytes.
 */
import { pipeline, Readable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

/** What a zip records about an entry's uncompressed bytes. */
export interface EntryInput {
  readonly crc32: number;
  readonly size: number;
}

/** The deflated bytes, and the input's CRC-32 and size once they have all been read. */
export interface DeflatedEntry {
  readonly chunks: AsyncIterable<Buffer>;
  /** Undefined until `chunks` has been read to the end. */
  input(): EntryInput | undefined;
}

/**
 * @example
 * const deflated = deflatedEntry(entry.chunks(), 6);
 * for await (const chunk of deflated.chunks) output.write(chunk);
 * deflated.input(); // { crc32, size }
 */
export function deflatedEntry(source: AsyncIterable<Buffer>, level: number): DeflatedEntry {
  let crc = 0;
  let size = 0;
  let done = false;
  async function* measured(): AsyncGenerator<Buffer, void, undefined> {
    for await (const chunk of source) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      yield chunk;
    }
    done = true;
  }
  // A failing source destroys the deflate stream with its error, which reading `chunks` throws.
  const chunks = pipeline(Readable.from(measured()), createDeflateRaw({ level }), () => {});
  return { chunks, input: () => (done ? { crc32: crc, size } : undefined) };
}
