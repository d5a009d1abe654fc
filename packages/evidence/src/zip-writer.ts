/**
 * A streaming zip writer (PKWARE APPNOTE 6.3): deflated entries one after another, each with a
 * local header, its bytes and a data descriptor, then the central directory. ZIP64 records are
 * written where a size, an offset or the entry count does not fit the classic fields.
 *
 * Why not archiver: it computes CRC-32 in JavaScript (the `crc-32` package, 7 % of a large
 * export), and it cannot take an entry deflated beforehand, which is how `audits.csv` is written
 * beside `audits.json` from one scan of the audit rows (see `spooled-entry.ts`).
 */
import type { EntryInput } from './deflated-entry.ts';
import type { GuardedOutput } from './guarded-output.ts';

/** Writes entries onto one output; ending the output is the caller's. */
export interface ZipWriter {
  /**
   * Appends `name` from its raw-deflated bytes; `input()` gives the CRC-32 and size of the
   * uncompressed bytes once `deflated` is exhausted.
   */
  add(name: string, deflated: AsyncIterable<Buffer>, input: () => EntryInput | undefined): Promise<void>;
  /** Writes the central directory; the zip is complete once this resolves. */
  finish(): Promise<void>;
  /** Bytes written so far. */
  bytes(): number;
}

/** Options of {@link zipWriter}. */
export interface ZipWriterOptions {
  /** The modification time of every entry (stored as UTC, as archiver does). */
  readonly date: Date;
  /** Write ZIP64 records for every entry and the end, even when not needed (tests use it). */
  readonly forceZip64?: boolean;
}

interface WrittenEntry {
  readonly name: Buffer;
  readonly input: EntryInput;
  readonly compressedSize: number;
  readonly offset: number;
  readonly zip64: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END = 0x06054b50;
/** Sizes in a data descriptor; names are UTF-8. */
const FLAGS = 0x0008 | 0x0800;
const DEFLATE = 8;
/** Made on Unix, by a writer of spec version 4.5 (ZIP64). */
const MADE_BY = (3 << 8) | 45;
/** A regular file, rw-r--r--. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;

/**
 * @example
 * const zip = zipWriter(guardedOutput(output), { date: new Date() });
 * const deflated = deflatedEntry(chunks, 6);
 * await zip.add('a.txt', deflated.chunks, deflated.input);
 * await zip.finish();
 */
export function zipWriter(output: Pick<GuardedOutput, 'write'>, options: ZipWriterOptions): ZipWriter {
  const force = options.forceZip64 === true;
  const dos = dosDateTime(options.date);
  const entries: WrittenEntry[] = [];
  let offset = 0;
  const write = (bytes: Buffer) => {
    offset += bytes.length;
    return output.write(bytes);
  };

  return {
    async add(name, deflated, input) {
      const nameBytes = Buffer.from(name, 'utf8');
      const start = offset;
      await write(localHeader(nameBytes, dos, force));
      let compressedSize = 0;
      for await (const chunk of deflated) {
        compressedSize += chunk.length;
        await write(chunk);
      }
      const read = input();
      if (read === undefined) throw new Error(`zip entry ${name} ended before its input`);
      const zip64 = force || read.size >= MAX_32 || compressedSize >= MAX_32 || start >= MAX_32;
      await write(dataDescriptor(read, compressedSize, zip64));
      entries.push({ name: nameBytes, input: read, compressedSize, offset: start, zip64 });
    },
    async finish() {
      const directoryStart = offset;
      for (const entry of entries) await write(centralHeader(entry, dos));
      const directorySize = offset - directoryStart;
      const zip64 = force || entries.length >= MAX_16 || directoryStart >= MAX_32 || directorySize >= MAX_32;
      if (zip64) {
        const recordStart = offset;
        await write(zip64End(entries.length, directoryStart, directorySize));
        await write(zip64Locator(recordStart));
      }
      await write(end(entries.length, directoryStart, directorySize, zip64));
    },
    bytes: () => offset,
  };
}

// DOS time and date fields in UTC: [time, date]. A zip cannot say before 1980 or after 2107.
function dosDateTime(date: Date): readonly [number, number] {
  const year = date.getUTCFullYear();
  if (year < 1980) return [0, (1 << 5) | 1];
  if (year > 2107) return [(23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31];
  const time =
    (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  return [time, ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()];
}

// Sizes and CRC are zero here and follow in the data descriptor (flag bit 3). With forceZip64 the
// header carries a ZIP64 field, which tells readers the descriptor's sizes are 8 bytes.
function localHeader(name: Buffer, [time, date]: readonly [number, number], zip64: boolean): Buffer {
  const extra = zip64 ? zip64Extra([0, 0]) : Buffer.alloc(0);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(zip64 ? 45 : 20, 4);
  header.writeUInt16LE(FLAGS, 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  // CRC-32 and both sizes (offsets 14–25) stay zero.
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, name, extra]);
}

function dataDescriptor(input: EntryInput, compressedSize: number, zip64: boolean): Buffer {
  const descriptor = Buffer.alloc(zip64 ? 24 : 16);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(input.crc32 >>> 0, 4);
  if (zip64) {
    descriptor.writeBigUInt64LE(BigInt(compressedSize), 8);
    descriptor.writeBigUInt64LE(BigInt(input.size), 16);
  } else {
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(input.size, 12);
  }
  return descriptor;
}

function centralHeader(entry: WrittenEntry, [time, date]: readonly [number, number]): Buffer {
  const { input, compressedSize, offset, zip64 } = entry;
  // In a ZIP64 field the values come in this order, each only when its classic field is full.
  const large = zip64 ? [input.size, compressedSize, offset] : [];
  const extra = zip64 ? zip64Extra(large) : Buffer.alloc(0);
  const header = Buffer.alloc(46);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(MADE_BY, 4);
  header.writeUInt16LE(zip64 ? 45 : 20, 6);
  header.writeUInt16LE(FLAGS, 8);
  header.writeUInt16LE(DEFLATE, 10);
  header.writeUInt16LE(time, 12);
  header.writeUInt16LE(date, 14);
  header.writeUInt32LE(input.crc32 >>> 0, 16);
  header.writeUInt32LE(zip64 ? MAX_32 : compressedSize, 20);
  header.writeUInt32LE(zip64 ? MAX_32 : input.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // Comment length, disk number and internal attributes (32–37) stay zero.
  header.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  header.writeUInt32LE(zip64 ? MAX_32 : offset, 42);
  return Buffer.concat([header, entry.name, extra]);
}

// The ZIP64 extended information field (tag 0x0001) holding `values` as 8-byte numbers.
function zip64Extra(values: readonly number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, index) => {
    extra.writeBigUInt64LE(BigInt(value), 4 + 8 * index);
  });
  return extra;
}

function zip64End(count: number, directoryStart: number, directorySize: number): Buffer {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(ZIP64_END, 0);
  // The size of the rest of the record.
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(MADE_BY, 12);
  record.writeUInt16LE(45, 14);
  // This disk and the directory's disk (16–23) stay zero.
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryStart), 48);
  return record;
}

function zip64Locator(recordStart: number): Buffer {
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(ZIP64_LOCATOR, 0);
  locator.writeBigUInt64LE(BigInt(recordStart), 8);
  locator.writeUInt32LE(1, 16);
  return locator;
}

function end(count: number, directoryStart: number, directorySize: number, zip64: boolean): Buffer {
  const record = Buffer.alloc(22);
  record.writeUInt32LE(END, 0);
  record.writeUInt16LE(zip64 ? MAX_16 : count, 8);
  record.writeUInt16LE(zip64 ? MAX_16 : count, 10);
  record.writeUInt32LE(zip64 ? MAX_32 : directorySize, 12);
  record.writeUInt32LE(zip64 ? MAX_32 : directoryStart, 16);
  return record;
}
