import Database from 'better-sqlite3';

/** One indexed document: its text for FTS5 and the facts `fetch` reports. */
export interface IndexedDocument {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** One search hit, best first. */
export interface DocumentHit {
  readonly id: string;
  readonly title: string;
  readonly snippet: string;
}

/** The full-text index: an in-memory SQLite database with an FTS5 table, rebuilt at each start. */
export interface DocumentStore {
  upsert(document: IndexedDocument): void;
  remove(id: string): void;
  has(id: string): boolean;
  count(): number;
  /** Runs `match` (an FTS5 expression, see `buildFtsQuery`) ranked by bm25. */
  search(match: string, limit: number): DocumentHit[];
  /** Runs `work` in one transaction: a scan's changes become visible together. */
  transaction(work: () => void): void;
  close(): void;
}

// bm25 weights of the columns (path, title, body): a title hit outranks a body hit.
const RANK = 'bm25(10.0, 20.0, 1.0)';

/**
 * Creates the in-memory store. The porter stemmer lets "monitoring" find "monitor"; unicode61
 * splits `docs/mcp/sse_probe.html` into words so paths are searchable too.
 *
 * @example const store = createDocumentStore(); store.upsert({ id: 'a.md', title: 'A', body: '…', bytes: 3, sha256: '…' });
 */
export function createDocumentStore(): DocumentStore {
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE documents (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      sha256 TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(
      path, title, body, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO documents_fts (documents_fts, rank) VALUES ('rank', '${RANK}');
  `);

  const findRow = db.prepare<[string], { rowid: number }>('SELECT rowid FROM documents WHERE id = ?');
  const insertRow = db.prepare<[string, string, number, string]>(
    'INSERT INTO documents (id, title, bytes, sha256) VALUES (?, ?, ?, ?)',
  );
  const updateRow = db.prepare<[string, number, string, number]>(
    'UPDATE documents SET title = ?, bytes = ?, sha256 = ? WHERE rowid = ?',
  );
  const deleteRow = db.prepare<[number]>('DELETE FROM documents WHERE rowid = ?');
  const insertText = db.prepare<[number, string, string, string]>(
    'INSERT INTO documents_fts (rowid, path, title, body) VALUES (?, ?, ?, ?)',
  );
  const deleteText = db.prepare<[number]>('DELETE FROM documents_fts WHERE rowid = ?');
  const countRows = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM documents');
  const searchRows = db.prepare<[string, number], DocumentHit>(`
    SELECT d.id, d.title, snippet(documents_fts, 2, '', '', '…', 16) AS snippet
    FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
    WHERE documents_fts MATCH ?
    ORDER BY documents_fts.rank, d.id
    LIMIT ?
  `);

  return {
    upsert(document) {
      const existing = findRow.get(document.id);
      let rowid: number;
      if (existing === undefined) {
        rowid = Number(
          insertRow.run(document.id, document.title, document.bytes, document.sha256).lastInsertRowid,
        );
      } else {
        rowid = existing.rowid;
        updateRow.run(document.title, document.bytes, document.sha256, rowid);
        deleteText.run(rowid);
      }
      insertText.run(rowid, document.id, document.title, document.body);
    },
    remove(id) {
      const existing = findRow.get(id);
      if (existing === undefined) return;
      deleteText.run(existing.rowid);
      deleteRow.run(existing.rowid);
    },
    has: (id) => findRow.get(id) !== undefined,
    count: () => countRows.get()?.count ?? 0,
    search: (match, limit) => searchRows.all(match, limit),
    transaction(work) {
      db.transaction(work)();
    },
    close() {
      if (db.open) db.close();
    },
  };
}
