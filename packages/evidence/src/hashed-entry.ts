/**
 * A pack entry produced from text pieces, hashed over exactly the bytes it yields, so SHA256SUMS
 * matches what lands in the zip without reading anything twice.
 */
import { createHash } from 'node:crypto';

/** What an entry wrote, once its source is exhausted. */
export interface EntryDigest {
  readonly name: string;
  readonly bytes: number;
  /** Rows the source counted (0 for entries without rows). */
  readonly rows: number;
  readonly sha256: string;
}

/** Counts the rows a source yields, for meta.json. */
export interface RowCounter {
  rows: number;
}

/** Pieces are joined into chunks of about this many characters before they reach the archive. */
const CHUNK_CHARS = 64 * 1024;

/** An entry: its bytes as an async iterable of Buffers, and its digest once they are all read. */
export interface HashedEntry {
  readonly name: string;
  chunks(): AsyncGenerator<Buffer, void, undefined>;
  /** Undefined until `chunks()` has run to the end. */
  digest(): EntryDigest | undefined;
}

/**
 * Wraps `source` (called once, lazily, when the archive reaches this entry) into hashed chunks.
 *
 * @example
 * const entry = hashedEntry('narrative.txt', (counter) => narrativeText(store, range, counter));
 * archive.append(Readable.from(entry.chunks()), { name: entry.name });
 */
export function hashedEntry(
  name: string,
  source: (counter: RowCounter) => AsyncIterable<string>,
): HashedEntry {
  let finished: EntryDigest | undefined;
  return {
    name,
    async *chunks() {
      const hash = createHash('sha256');
      const counter: RowCounter = { rows: 0 };
      let bytes = 0;
      let pending: string[] = [];
      let pendingChars = 0;
      const flush = () => {
        const chunk = Buffer.from(pending.join(''), 'utf8');
        pending = [];
        pendingChars = 0;
        hash.update(chunk);
        bytes += chunk.length;
        return chunk;
      };
      for await (const piece of source(counter)) {
        pending.push(piece);
        pendingChars += piece.length;
        if (pendingChars >= CHUNK_CHARS) yield flush();
      }
      if (pendingChars > 0) yield flush();
      finished = { name, bytes, rows: counter.rows, sha256: hash.digest('hex') };
    },
    digest: () => finished,
  };
}
