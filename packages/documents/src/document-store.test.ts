import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentStore, type DocumentStore, type IndexedDocument } from './document-store.ts';

function document(id: string, title: string, body: string): IndexedDocument {
  return { id, title, body, bytes: body.length, sha256: 'x' };
}

describe('createDocumentStore', () => {
  let store: DocumentStore;
  afterEach(() => store.close());

  it('ranks a title match above a body match', () => {
    store = createDocumentStore();
    store.upsert(document('a.md', 'a.md', 'notes that mention rollback once among many other words'));
    store.upsert(document('b.md', 'Rollback', 'how it works'));
    expect(store.search('"rollback"', 10).map((hit) => hit.id)).toEqual(['b.md', 'a.md']);
  });

  it('replaces a document on upsert and forgets it on remove', () => {
    store = createDocumentStore();
    store.upsert(document('a.md', 'A', 'alpha'));
    store.upsert(document('a.md', 'A', 'beta'));
    expect(store.count()).toBe(1);
    expect(store.search('"alpha"', 10)).toEqual([]);
    expect(store.search('"beta"', 10)).toHaveLength(1);
    store.remove('a.md');
    store.remove('missing.md');
    expect(store.has('a.md')).toBe(false);
    expect(store.search('"beta"', 10)).toEqual([]);
  });

  it('finds documents by words of their path and returns a body snippet', () => {
    store = createDocumentStore();
    store.upsert(
      document('docs/mcp/sse_probe.html', 'sse_probe.html', '<p>Probe page for the event stream</p>'),
    );
    const [hit] = store.search('"sse_probe"', 10);
    expect(hit?.id).toBe('docs/mcp/sse_probe.html');
    expect(hit?.snippet).toContain('Probe page');
  });
});
