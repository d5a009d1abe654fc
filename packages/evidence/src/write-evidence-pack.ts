/**
 * Streams an evidence zip: the data entries one after another, each generated from the store's
 * paged reads and hashed while it streams, then `meta.json`, then `SHA256SUMS`.
 *
 * meta.json comes LAST but one, not first: its counts, sizes and hashes are those of the bytes
 * actually written, which a COUNT query run beforehand could not promise while the cockpit keeps
 * writing (and it would cost a second scan). Zip readers do not care about entry order.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import {
  auditsCsv,
  auditsJson,
  decisionsJson,
  type EvidenceStore,
  fileChangesJson,
  narrativeText,
  samplesCsv,
} from './evidence-entries.ts';
import { type EntryDigest, type HashedEntry, hashedEntry } from './hashed-entry.ts';
import type { EvidenceRange } from './parse-evidence-range.ts';

/** The pack's entries, in the order they are written. */
export const EVIDENCE_FILES = [
  'audits.json',
  'audits.csv',
  'narrative.txt',
  'canary-samples.csv',
  'decisions.json',
  'file-changes.json',
  'meta.json',
  'SHA256SUMS',
] as const;

/** Identifies the layout of meta.json and the pack. */
export const EVIDENCE_FORMAT = 'lukhas-evidence-pack/1';

/** Options of {@link writeEvidencePack}. */
export interface EvidencePackOptions {
  readonly store: EvidenceStore;
  readonly range: EvidenceRange;
  readonly serverVersion: string;
  /** Epoch ms; also the modification time of every entry. */
  readonly generatedAt: number;
  /** Where the zip goes; ended when the pack is complete, destroyed when it fails. */
  readonly output: NodeJS.WritableStream;
  /** Called after each entry is fully written. */
  readonly onProgress?: (digest: EntryDigest) => void;
  /** Deflate level, 0–9 (default 6). */
  readonly level?: number;
}

/** What was written: every entry but SHA256SUMS itself, and the zip's size. */
export interface EvidencePackSummary {
  readonly entries: readonly EntryDigest[];
  readonly zipBytes: number;
}

/**
 * Writes the pack to `output`; resolves once `output` has taken the last byte. Rejects (and
 * destroys `output`) when a read or the output fails half-way.
 *
 * @example
 * await writeEvidencePack({
 *   store: cockpit.store,
 *   range: parseEvidenceRange({ from: '30d' }, Date.now()),
 *   serverVersion: '0.1.0',
 *   generatedAt: Date.now(),
 *   output: createWriteStream('ops-evidence.zip'),
 * });
 */
export async function writeEvidencePack(options: EvidencePackOptions): Promise<EvidencePackSummary> {
  const { store, range } = options;
  const date = new Date(options.generatedAt);
  const data: HashedEntry[] = [
    hashedEntry('audits.json', (counter) => auditsJson(store, range, counter)),
    hashedEntry('audits.csv', (counter) => auditsCsv(store, range, counter)),
    hashedEntry('narrative.txt', (counter) => narrativeText(store, range, counter)),
    hashedEntry('canary-samples.csv', (counter) => samplesCsv(store, range, counter)),
    hashedEntry('decisions.json', (counter) => decisionsJson(store, range, counter)),
    hashedEntry('file-changes.json', (counter) => fileChangesJson(store, range, counter)),
  ];
  const written = (entries: readonly HashedEntry[]): EntryDigest[] =>
    entries.map((entry) => {
      const digest = entry.digest();
      // The archive reads entries strictly one after another; anything else is a bug here.
      if (digest === undefined) throw new Error(`evidence entry ${entry.name} was not complete`);
      return digest;
    });

  const meta = hashedEntry('meta.json', async function* () {
    const [audits, auditsCsvDigest, narrative, samples, decisions, fileChanges] = written(data);
    yield `${JSON.stringify(
      {
        format: EVIDENCE_FORMAT,
        range: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() },
        generated_at: date.toISOString(),
        server_version: options.serverVersion,
        counts: {
          audits: audits?.rows ?? 0,
          audits_csv: auditsCsvDigest?.rows ?? 0,
          narrative: narrative?.rows ?? 0,
          canary_samples: samples?.rows ?? 0,
          decisions: decisions?.rows ?? 0,
          file_changes: fileChanges?.rows ?? 0,
        },
        files: [
          ...written(data).map(({ name, bytes, rows, sha256 }) => ({ name, bytes, rows, sha256 })),
          { name: 'meta.json', note: 'this file; its hash is in SHA256SUMS' },
          { name: 'SHA256SUMS', note: 'sha256sum -c SHA256SUMS checks every other file' },
        ],
      },
      null,
      2,
    )}\n`;
  });
  const everything = [...data, meta];
  const sums = async function* () {
    yield Buffer.from(
      written(everything)
        .map((digest) => `${digest.sha256}  ${digest.name}\n`)
        .join(''),
      'utf8',
    );
  };

  const archive = new ZipArchive({ zlib: { level: options.level ?? 6 } });
  const done = pipeline(archive, options.output as NodeJS.WritableStream & Parameters<typeof pipeline>[1]);
  // archiver starts reading every appended stream at once, so each entry is appended only when
  // the one before it is in the zip: one store scan at a time, and the hashes meta.json and
  // SHA256SUMS list are complete when they are read.
  const pending = [
    ...everything.map((entry) => ({ name: entry.name, open: () => Readable.from(entry.chunks()) })),
    { name: 'SHA256SUMS', open: () => Readable.from(sums()) },
  ];
  const appendNext = () => {
    const next = pending.shift();
    if (next === undefined) {
      archive.finalize().catch(() => {
        // The same failure rejects `done`, which is awaited below.
      });
      return;
    }
    const source = next.open();
    // A failed read must fail the pack, not leave a truncated entry behind.
    source.once('error', (error) => archive.destroy(error));
    archive.append(source, { name: next.name, date });
  };
  archive.on('entry', (entry) => {
    const digest = everything.find((candidate) => candidate.name === entry.name)?.digest();
    if (digest !== undefined) options.onProgress?.(digest);
    appendNext();
  });
  appendNext();
  await done;
  return { entries: written(everything), zipBytes: archive.pointer() };
}
