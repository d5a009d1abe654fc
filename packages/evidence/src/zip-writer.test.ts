import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deflatedEntry } from './deflated-entry.ts';
import { guardedOutput } from './guarded-output.ts';
import { type ZipWriterOptions, zipWriter } from './zip-writer.ts';

const run = promisify(execFile);
const DATE = new Date(Date.UTC(2025, 9, 3, 14, 20, 6));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'zip-writer-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* pieces(...texts: string[]): AsyncGenerator<Buffer> {
  for (const text of texts) yield Buffer.from(text, 'utf8');
}

/** Writes `entries` (name → pieces) into `file` and returns the zip's path. */
async function writeZip(
  file: string,
  entries: Record<string, string[]>,
  options: Partial<ZipWriterOptions> = {},
): Promise<string> {
  const zipPath = path.join(dir, file);
  const output = guardedOutput(createWriteStream(zipPath));
  const zip = zipWriter(output, { date: DATE, ...options });
  for (const [name, texts] of Object.entries(entries)) {
    const deflated = deflatedEntry(pieces(...texts), 6);
    await zip.add(name, deflated.chunks, deflated.input);
  }
  await zip.finish();
  await output.end();
  return zipPath;
}

const ENTRIES = {
  'empty.txt': [],
  'one.txt': ['hello\n'],
  'many.csv': Array.from({ length: 300 }, (_, index) => `${index},"row ${index}",${'x'.repeat(index)}\r\n`),
  'é → 🚀.json': ['{"name":"é → 🚀"}\n'],
};

describe('zipWriter', () => {
  it('writes a zip that unzip -t validates and that extracts to exactly the bytes given', async () => {
    const zip = await writeZip('plain.zip', ENTRIES);
    const test = await run('unzip', ['-t', zip]);
    expect(test.stdout).toContain('No errors detected in compressed data');
    const listing = await run('unzip', ['-Z1', zip]);
    expect(listing.stdout.trim().split('\n')).toEqual(Object.keys(ENTRIES));
    for (const [name, texts] of Object.entries(ENTRIES)) {
      const extracted = await run('unzip', ['-p', zip, name], { encoding: 'buffer' });
      expect(extracted.stdout.toString('utf8')).toBe(texts.join(''));
    }
    // Times are stored in UTC, rw-r--r-- on Unix, as archiver wrote them.
    const details = await run('zipinfo', ['-T', zip, 'one.txt'], { env: { ...process.env, TZ: 'UTC' } });
    expect(details.stdout).toMatch(/^-rw-r--r-- .* defN 20251003\.142006 one\.txt$/m);
  });

  it('writes ZIP64 records that unzip -t accepts when they are forced', async () => {
    const zip = await writeZip('forced.zip', ENTRIES, { forceZip64: true });
    const test = await run('unzip', ['-t', zip]);
    expect(test.stdout).toContain('No errors detected in compressed data');
    const bytes = await readFile(zip);
    // The ZIP64 end of central directory record and its locator.
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    expect((await run('unzip', ['-p', zip, 'many.csv'])).stdout).toBe(ENTRIES['many.csv'].join(''));
  });

  it('switches to ZIP64 at 65,535 entries, which the classic end record cannot count', async () => {
    const zipPath = path.join(dir, 'count.zip');
    const output = guardedOutput(createWriteStream(zipPath));
    const zip = zipWriter(output, { date: DATE });
    const text = Buffer.from('x');
    const deflated = deflateRawSync(text);
    const count = 65_536;
    for (let index = 0; index < count; index += 1) {
      await zip.add(
        `f${index}`,
        (async function* () {
          yield deflated;
        })(),
        () => ({ crc32: crc32(text), size: 1 }),
      );
    }
    await zip.finish();
    await output.end();
    const test = await run('unzip', ['-tq', zipPath], { maxBuffer: 64 * 1024 * 1024 });
    expect(test.stdout).toContain('No errors detected in compressed data');
    const listing = await run('unzip', ['-Z1', zipPath], { maxBuffer: 64 * 1024 * 1024 });
    expect(listing.stdout.trim().split('\n')).toHaveLength(count);
    expect((await readFile(zipPath)).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
  });
});
