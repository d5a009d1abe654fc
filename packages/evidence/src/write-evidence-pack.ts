/**
 * Streams an evidence zip: the data entries one after another, each generated from the store's
 * paged reads and hashed while it streams, then `meta.json`, then `SHA256SUMS`.
 *
 * meta.json comes LAST but one, not first: its counts, sizes and hashes are those of the bytes
 * actually written, which a COUNT query run beforehand could not promise while the cockpit keeps
 * writing (and it would cost a second scan). Zip readers do not care about entry order.
 *
 * One scan of the audit rows writes both `audits.json` (into the zip) and `audits.csv` (deflated
 * into a temp file beside it, copied into the zip right after): see `spooled-entry.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflatedEntry } from './deflated-entry.ts';
import {
  auditsJsonAndCsv,
  decisionsJson,
  type EvidenceStore,
  fileChangesJson,
  narrativeText,
  samplesCsv,
} from './evidence-entries.ts';
import { type GuardedOutput, guardedOutput } from './guarded-output.ts';
import { type EntryDigest, type HashedEntry, hashedEntry } from './hashed-entry.ts';
import type { EvidenceRange } from './parse-evidence-range.ts';
import { type SpooledEntry, spooledEntry } from './spooled-entry.ts';
import { zipWriter } from './zip-writer.ts';

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

/**
 * zlib's fastest level. Measured on the bench's pack (1M audit + 1M narrative rows, 374 MiB of
 * entries): level 6 took about 2.7 times the deflate CPU of level 1 (some 1.1 to 1.5 s more per
 * export, on a 2-core machine where it competes with the scan) for a zip 4.5 % smaller (29.6 MiB
 * against 31.0 MiB). The entries' bytes, their hashes and SHA256SUMS do not depend on the level.
 */
const DEFAULT_DEFLATE_LEVEL = 1;

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
  /** Deflate level, 0–9 (default 1, the fastest: see DEFAULT_DEFLATE_LEVEL). */
  readonly level?: number;
  /** Where the deflated audits.csv waits while audits.json streams (default: the OS temp directory). */
  readonly tempDir?: string;
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
  const output = guardedOutput(options.output);
  let spoolDir: string | undefined;
  let auditsCsv: SpooledEntry | undefined;
  // Before the output ends or fails: whoever waits on the output finds the temp file gone.
  const removeSpool = async () => {
    if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true });
  };
  let summary: EvidencePackSummary;
  try {
    spoolDir = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'lukhas-evidence-'));
    auditsCsv = spooledEntry(
      'audits.csv',
      path.join(spoolDir, 'audits.csv.deflate'),
      options.level ?? DEFAULT_DEFLATE_LEVEL,
    );
    summary = await writeEntries(options, output, auditsCsv);
    await removeSpool();
  } catch (error) {
    auditsCsv?.abort();
    await removeSpool().catch(() => {
      // The pack's own failure is the one to report.
    });
    output.fail(error);
    throw error;
  }
  await output.end();
  return summary;
}

/** A data entry as meta.json and SHA256SUMS see it. */
type WrittenEntry = Pick<HashedEntry, 'name' | 'digest'>;

// The entries in EVIDENCE_FILES order, then the central directory; `output` is ended by the caller.
async function writeEntries(
  options: EvidencePackOptions,
  output: GuardedOutput,
  auditsCsv: SpooledEntry,
): Promise<EvidencePackSummary> {
  const { store, range } = options;
  const level = options.level ?? DEFAULT_DEFLATE_LEVEL;
  const date = new Date(options.generatedAt);
  const audits = hashedEntry('audits.json', (counter) => auditsJsonAndCsv(store, range, counter, auditsCsv));
  const rest: HashedEntry[] = [
    hashedEntry('narrative.txt', (counter) => narrativeText(store, range, counter)),
    hashedEntry('canary-samples.csv', (counter) => samplesCsv(store, range, counter)),
    hashedEntry('decisions.json', (counter) => decisionsJson(store, range, counter)),
    hashedEntry('file-changes.json', (counter) => fileChangesJson(store, range, counter)),
  ];
  const data: WrittenEntry[] = [audits, auditsCsv, ...rest];
  const meta = hashedEntry('meta.json', async function* () {
    yield `${JSON.stringify(metaJson(options, written(data)), null, 2)}\n`;
  });
  const everything: WrittenEntry[] = [...data, meta];
  const sums = hashedEntry('SHA256SUMS', async function* () {
    yield written(everything)
      .map((digest) => `${digest.sha256}  ${digest.name}\n`)
      .join('');
  });

  const zip = zipWriter(output, { date });
  const done = (entry: WrittenEntry) => {
    const digest = entry.digest();
    if (digest !== undefined && entry !== sums) options.onProgress?.(digest);
  };
  // Strictly one after another: each entry is generated when its turn comes (one store scan at a
  // time), and meta.json and SHA256SUMS are generated only once the hashes they list are complete.
  const append = async (entry: HashedEntry) => {
    const deflated = deflatedEntry(entry.chunks(), level);
    await zip.add(entry.name, deflated.chunks, deflated.input);
    done(entry);
  };
  await append(audits);
  const spooled = auditsCsv.deflated();
  await zip.add(auditsCsv.name, spooled.chunks, spooled.input);
  done(auditsCsv);
  for (const entry of [...rest, meta, sums]) await append(entry);
  await zip.finish();
  return { entries: written(everything), zipBytes: zip.bytes() };
}

function written(entries: readonly WrittenEntry[]): EntryDigest[] {
  return entries.map((entry) => {
    const digest = entry.digest();
    // Entries are written strictly one after another; anything else is a bug here.
    if (digest === undefined) throw new Error(`evidence entry ${entry.name} was not complete`);
    return digest;
  });
}

// meta.json: the format, the range, and the counts, sizes and hashes of the data entries.
function metaJson(options: EvidencePackOptions, data: readonly EntryDigest[]) {
  const { range } = options;
  const [audits, auditsCsv, narrative, samples, decisions, fileChanges] = data;
  return {
    format: EVIDENCE_FORMAT,
    range: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() },
    generated_at: new Date(options.generatedAt).toISOString(),
    server_version: options.serverVersion,
    counts: {
      audits: audits?.rows ?? 0,
      audits_csv: auditsCsv?.rows ?? 0,
      narrative: narrative?.rows ?? 0,
      canary_samples: samples?.rows ?? 0,
      decisions: decisions?.rows ?? 0,
      file_changes: fileChanges?.rows ?? 0,
    },
    files: [
      ...data.map(({ name, bytes, rows, sha256 }) => ({ name, bytes, rows, sha256 })),
      { name: 'meta.json', note: 'this file; its hash is in SHA256SUMS' },
      { name: 'SHA256SUMS', note: 'sha256sum -c SHA256SUMS checks every other file' },
    ],
  };
}
