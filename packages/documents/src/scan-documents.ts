import type { DocumentAccess } from './document-access.ts';
import { documentTitle } from './document-title.ts';
import type { GitignoreRules } from './gitignore-rules.ts';
import { readDocumentFile } from './read-document-file.ts';
import { type WalkedFile, type WalkSkipped, walkDocuments } from './walk-documents.ts';

/** What the previous scan learnt about a file, keyed by id. */
export interface KnownFile {
  readonly signature: string;
  readonly kind: 'text' | 'binary';
}

/** A document to (re-)index, read during the scan. */
export interface ScannedDocument {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Counts of files passed over by a scan. */
export interface ScanSkipped extends WalkSkipped {
  binary: number;
  /** Vanished or unreadable between listing and reading. */
  unreadable: number;
}

/** The difference a scan found against what was known: apply it in one transaction. */
export interface ScanResult {
  readonly upserts: readonly ScannedDocument[];
  /** Ids to drop from the index: deleted, now ignored, now binary or too big. */
  readonly removals: readonly string[];
  /** What is known after this scan; replaces the previous map. */
  readonly known: Map<string, KnownFile>;
  readonly skipped: ScanSkipped;
  readonly truncated: boolean;
}

/** Files read at once during a scan: enough to hide latency, few enough to keep descriptors free. */
const READ_CONCURRENCY = 16;

/**
 * Walks the root and reads only the files whose size, mtime or inode differ from `previous`
 * (new or changed); files missing from the walk become removals. Nothing is written here.
 *
 * @example const result = await scanDocuments({ realRoot, rules, previous: new Map(), extensions, maxFileBytes, maxFiles });
 */
export async function scanDocuments(options: {
  readonly realRoot: string;
  readonly rules: GitignoreRules;
  readonly previous: ReadonlyMap<string, KnownFile>;
  readonly extensions: ReadonlySet<string>;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  readonly access?: DocumentAccess;
}): Promise<ScanResult> {
  const walk = await walkDocuments(options);
  const skipped: ScanSkipped = { ...walk.skipped, binary: 0, unreadable: 0 };
  const known = new Map<string, KnownFile>();
  const upserts: ScannedDocument[] = [];
  const removals: string[] = [];
  const toRead: WalkedFile[] = [];
  for (const file of walk.files) {
    const previous = options.previous.get(file.id);
    if (previous?.signature === file.signature) known.set(file.id, previous);
    else toRead.push(file);
  }

  const reads = await mapConcurrently(toRead, READ_CONCURRENCY, (file) =>
    readDocumentFile(file.realPath, options).catch(() => null),
  );
  toRead.forEach((file, index) => {
    const read = reads[index];
    if (read?.kind === 'text') {
      known.set(file.id, { signature: read.signature, kind: 'text' });
      upserts.push({
        id: file.id,
        title: documentTitle(file.id, read.text),
        body: read.text,
        bytes: read.bytes,
        sha256: read.sha256,
      });
      return;
    }
    if (read?.kind === 'binary') known.set(file.id, { signature: read.signature, kind: 'binary' });
    else if (read?.kind === 'too-big') skipped.tooBig += 1;
    else skipped.unreadable += 1;
    removals.push(file.id);
  });
  for (const id of options.previous.keys()) if (!known.has(id)) removals.push(id);
  for (const file of known.values()) if (file.kind === 'binary') skipped.binary += 1;
  return { upserts, removals: [...new Set(removals)], known, skipped, truncated: walk.truncated };
}

/** `Promise.all(items.map(work))` with at most `limit` pieces of work running at once; results in order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
