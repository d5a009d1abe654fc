/**
 * An entry written aside while another one streams into the zip: its text is hashed, counted and
 * deflated into a temp file, to be copied into the zip, already deflated, once its turn comes.
 * Why: `audits.json` and `audits.csv` hold the same rows, and the zip takes entries one after
 * another; spooling the CSV lets one scan of the audit rows feed both. What waits on disk is the
 * deflated CSV (a few MiB for a million rows), never the rows in memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { TransformOptions } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, type ZlibOptions } from 'node:zlib';
import type { DeflatedEntry } from './deflated-entry.ts';
import { guardedOutput } from './guarded-output.ts';
import type { EntryDigest, RowCounter } from './hashed-entry.ts';

/** How many bytes of text may wait for deflate before the writer of the text waits. */
const SPOOL_AHEAD_BYTES = 1024 * 1024;

/** Text in while the other entry streams; deflated bytes out afterwards. */
export interface SpooledEntry {
  readonly name: string;
  /** The rows the writer of the text counts, for meta.json. */
  readonly counter: RowCounter;
  /** Adds text; resolves when the spool can take more. */
  write(text: string): Promise<void>;
  /** Ends the text; resolves once the temp file holds all of it. */
  end(): Promise<void>;
  /** Undefined until {@link end} has resolved. */
  digest(): EntryDigest | undefined;
  /** The deflated bytes, read back from the temp file (after {@link end}). */
  deflated(): DeflatedEntry;
  /** Stops writing (after a failure); the caller removes the file. */
  abort(): void;
}

/**
 * @example
 * const csv = spooledEntry('audits.csv', path.join(tempDir, 'audits.csv.deflated'), 6);
 * await csv.write('id,created_at\r\n');
 * await csv.end();
 * await zip.add(csv.name, csv.deflated().chunks, csv.deflated().input);
 */
export function spooledEntry(name: string, file: string, level: number): SpooledEntry {
  const hash = createHash('sha256');
  const counter: RowCounter = { rows: 0 };
  // Room for ~16 batches: the scan runs on while the thread pool deflates, rather than waiting
  // for each 64 KiB batch to be deflated before making the next.
  // (zlib hands its options on to the Transform it is.)
  const options: ZlibOptions & TransformOptions = { level, writableHighWaterMark: SPOOL_AHEAD_BYTES };
  const deflate = createDeflateRaw(options);
  const stored = pipeline(deflate, createWriteStream(file));
  stored.catch(() => {
    // Seen by the next write (the deflate stream is destroyed with the error) or by `end`.
  });
  // Back-pressure and failure as for the pack's own output: a failed deflate fails the next write.
  const input = guardedOutput(deflate);
  let crc = 0;
  let bytes = 0;
  let finished: EntryDigest | undefined;
  return {
    name,
    counter,
    async write(text) {
      const chunk = Buffer.from(text, 'utf8');
      hash.update(chunk);
      crc = crc32(chunk, crc);
      bytes += chunk.length;
      await input.write(chunk);
    },
    async end() {
      deflate.end();
      await stored;
      finished = { name, bytes, rows: counter.rows, sha256: hash.digest('hex') };
    },
    digest: () => finished,
    deflated: () => ({
      chunks: createReadStream(file),
      input: () => (finished === undefined ? undefined : { crc32: crc, size: bytes }),
    }),
    abort: () => deflate.destroy(),
  };
}
