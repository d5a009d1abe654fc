import { performance } from 'node:perf_hooks';
import { type DocumentAccess, resolveDocumentAccess } from './document-access.ts';
import { DocumentError } from './document-error.ts';
import { parseDocumentId } from './document-id.ts';
import {
  type DocumentIndexOptions,
  type ResolvedDocumentIndexOptions,
  resolveDocumentIndexOptions,
} from './document-index-options.ts';
import { createDocumentStore } from './document-store.ts';
import { documentUrl } from './document-url.ts';
import { type FetchedDocument, toFetchedDocument } from './fetched-document.ts';
import { buildFtsQuery } from './fts-query.ts';
import { createGitignoreRules, type GitignoreRules } from './gitignore-rules.ts';
import { createLruCache } from './lru-cache.ts';
import { fileSignature, readDocumentFile } from './read-document-file.ts';
import { notFound, resolveDocumentPath, resolveDocumentRoot } from './resolve-document-path.ts';
import { type KnownFile, type ScanSkipped, scanDocuments } from './scan-documents.ts';

/** One search hit: what the ChatGPT connector contract asks for, plus a snippet of the body. */
export interface DocumentSearchResult {
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly snippet?: string;
}

/** How fresh and how complete the index is. */
export interface DocumentIndexStats {
  readonly documents: number;
  /** Epoch ms when the last scan finished, or null before the first. */
  readonly lastScanAt: number | null;
  /** Duration of the last scan. */
  readonly scanMs: number | null;
  /** Scans completed since creation. */
  readonly scans: number;
  /** True when `maxFiles` cut the last scan short. */
  readonly truncated: boolean;
  readonly skipped: Readonly<ScanSkipped>;
}

/** Full-text search and read-only fetch over the text documents under one root. */
export interface DocumentIndex {
  /** Ranked hits for free text; throws `EMPTY_QUERY` for a blank query, never for FTS5 syntax. */
  search(query: string, options?: { limit?: number }): Promise<{ results: DocumentSearchResult[] }>;
  /** The document with this id; throws a `DocumentError` saying why when it cannot be served. */
  fetch(id: string): Promise<FetchedDocument>;
  /** Scans now, whatever the TTL says. */
  refresh(): Promise<DocumentIndexStats>;
  stats(): DocumentIndexStats;
  close(): void;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;
const EMPTY_SKIPPED: ScanSkipped = {
  ignored: 0,
  tooBig: 0,
  unsupported: 0,
  outsideRoot: 0,
  denied: 0,
  notIncluded: 0,
  binary: 0,
  unreadable: 0,
};

interface Scanned {
  readonly realRoot: string;
  readonly rules: GitignoreRules;
  readonly access: DocumentAccess;
}

interface CachedDocument {
  readonly signature: string;
  readonly document: FetchedDocument;
}

/**
 * Creates a document index over `options.root`. The first call scans lazily; later calls re-scan
 * when `ttlMs` has passed (only new or changed files are read). Concurrent callers share one scan.
 *
 * @example
 * const index = createDocumentIndex({ root: '/srv/repo', baseUrl: 'https://github.com/org/repo/blob/main' });
 * const { results } = await index.search('canary rollback');
 * const document = await index.fetch(results[0].id);
 */
export function createDocumentIndex(options: DocumentIndexOptions): DocumentIndex {
  const config: ResolvedDocumentIndexOptions = resolveDocumentIndexOptions(options);
  const { clock } = config;
  const store = createDocumentStore();
  const cache = createLruCache<CachedDocument>({
    maxEntries: config.cacheMaxEntries,
    maxBytes: config.cacheMaxBytes,
    ttlMs: config.ttlMs,
    sizeOf: (entry) => entry.document.text.length * 2,
    clock,
  });
  let known = new Map<string, KnownFile>();
  let scanned: Scanned | null = null;
  let inFlight: Promise<Scanned> | null = null;
  let closed = false;
  let lastScanAt: number | null = null;
  let scanMs: number | null = null;
  let truncated = false;
  let skipped: ScanSkipped = { ...EMPTY_SKIPPED };
  let documentCount = 0;
  let scans = 0;

  const assertOpen = (): void => {
    if (closed) throw new DocumentError('DOCUMENT_INDEX_CLOSED', 'The document index has been closed.');
  };

  const scan = async (): Promise<Scanned> => {
    const started = performance.now();
    const realRoot = await resolveDocumentRoot(config.root);
    const rules = createGitignoreRules({ root: realRoot });
    // Per scan, so a task file replaced or moved behind a link is found again.
    const access = await resolveDocumentAccess({ ...config, realRoot });
    const result = await scanDocuments({ ...config, realRoot, rules, access, previous: known });
    assertOpen();
    store.transaction(() => {
      for (const id of result.removals) store.remove(id);
      for (const document of result.upserts) store.upsert(document);
    });
    for (const id of result.removals) cache.delete(id);
    for (const document of result.upserts) cache.delete(document.id);
    known = result.known;
    skipped = result.skipped;
    truncated = result.truncated;
    documentCount = store.count();
    lastScanAt = clock.now();
    scanMs = Math.round(performance.now() - started);
    scans += 1;
    scanned = { realRoot, rules, access };
    return scanned;
  };

  const startScan = (): Promise<Scanned> => {
    const running = scan().finally(() => {
      if (inFlight === running) inFlight = null;
    });
    inFlight = running;
    return running;
  };

  const fresh = async (): Promise<Scanned> => {
    assertOpen();
    if (inFlight !== null) return inFlight;
    if (scanned === null || lastScanAt === null || clock.now() - lastScanAt >= config.ttlMs)
      return startScan();
    return scanned;
  };

  const forget = (id: string): void => {
    cache.delete(id);
    if (!known.delete(id)) return;
    store.remove(id);
    documentCount = store.count();
  };

  const stats = (): DocumentIndexStats => ({
    documents: documentCount,
    lastScanAt,
    scanMs,
    scans,
    truncated,
    skipped: { ...skipped },
  });

  return {
    async search(query, searchOptions = {}) {
      if (typeof query !== 'string' || query.trim() === '') {
        throw new DocumentError(
          'EMPTY_QUERY',
          'The search query is empty: pass a few words to look for, e.g. "canary rollback".',
        );
      }
      const limit = clampLimit(searchOptions.limit);
      const fts = buildFtsQuery(query);
      await fresh();
      if (fts === null) return { results: [] };
      const hits = store.search(fts.all, limit);
      // All terms first; then documents matching some of them, so natural-language queries still find something.
      if (hits.length < limit && fts.any !== fts.all) {
        const seen = new Set(hits.map((hit) => hit.id));
        for (const hit of store.search(fts.any, limit)) {
          if (hits.length >= limit) break;
          if (!seen.has(hit.id)) hits.push(hit);
        }
      }
      return {
        results: hits.map((hit) => {
          const snippet = hit.snippet.replace(/\s+/g, ' ').trim();
          const url = documentUrl(hit.id, config);
          return snippet === ''
            ? { id: hit.id, title: hit.title, url }
            : { id: hit.id, title: hit.title, url, snippet };
        }),
      };
    },

    async fetch(rawId) {
      const id = parseDocumentId(rawId);
      const { realRoot, rules, access } = await fresh();
      const { realPath, stats: current } = await resolveDocumentPath({
        realRoot,
        id,
        rules,
        access,
        extensions: config.extensions,
      }).catch((error: unknown) => {
        forget(id);
        throw error;
      });
      const cached = cache.get(id);
      if (cached !== undefined && cached.signature === fileSignature(current)) return cached.document;

      const read = await readDocumentFile(realPath, config).catch((error: unknown) => {
        forget(id);
        throw notFound(id, error);
      });
      assertOpen();
      if (read.kind !== 'text') forget(id);
      const document = toFetchedDocument(id, read, config);
      // Keep the index in step with what was just read: a changed file is re-indexed at once.
      if (
        read.kind === 'text' &&
        known.get(id)?.signature !== read.signature &&
        (known.has(id) || documentCount < config.maxFiles)
      ) {
        store.upsert({ id, title: document.title, body: read.text, bytes: read.bytes, sha256: read.sha256 });
        known.set(id, { signature: read.signature, kind: 'text' });
        documentCount = store.count();
      }
      cache.set(id, { signature: fileSignature(current), document });
      return document;
    },

    async refresh() {
      assertOpen();
      if (inFlight !== null) await inFlight.catch(() => undefined);
      await (inFlight ?? startScan());
      return stats();
    },

    stats,

    close() {
      closed = true;
      cache.clear();
      store.close();
    },
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}
