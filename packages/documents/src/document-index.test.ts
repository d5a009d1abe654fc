import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isDocumentError } from './document-error.ts';
import { createDocumentIndex, type DocumentIndex } from './document-index.ts';
import { createTempRepo, type TempRepo } from './fixtures/temp-repo.ts';

let repo: TempRepo;
let index: DocumentIndex;
afterEach(async () => {
  index.close();
  await repo.remove();
});

async function sampleIndex(options: { baseUrl?: string } = {}): Promise<DocumentIndex> {
  repo = await createTempRepo();
  index = createDocumentIndex({ root: repo.root, ...options });
  return index;
}

const idsOf = (response: { results: { id: string }[] }) => response.results.map((result) => result.id);

describe('search', () => {
  it('ranks a title match above a body match and returns id, title, url and snippet', async () => {
    await sampleIndex();
    const { results } = await index.search('rollback');
    expect(results.map((result) => result.id)).toEqual(['docs/canary-rollback.md', 'README.md']);
    expect(results[0]).toEqual({
      id: 'docs/canary-rollback.md',
      title: 'Canary rollback',
      url: `file://${repo.root}/docs/canary-rollback.md`,
      snippet: expect.stringContaining('breaches'),
    });
  });

  it('finds documents by path words, prefixes of the last term and stems', async () => {
    await sampleIndex();
    expect(idsOf(await index.search('sse_probe'))).toEqual(['docs/mcp/sse_probe.html']);
    expect(idsOf(await index.search('latency_mon'))).toEqual(['src/latency_monitor.py']);
    expect(idsOf(await index.search('canaries rolling'))).toContain('docs/canary-rollback.md');
  });

  it('puts documents matching every term first, then those matching some', async () => {
    await sampleIndex();
    expect(idsOf(await index.search('evidence zip unrelatedword'))).toEqual([
      'notes/evidence.txt',
      'README.md',
    ]);
    expect(idsOf(await index.search('canary breaches'))[0]).toBe('docs/canary-rollback.md');
  });

  it('uses the base url when one is configured', async () => {
    await sampleIndex({ baseUrl: 'https://github.com/lukhas/repo/blob/main' });
    const { results } = await index.search('probe');
    expect(results[0]?.url).toBe('https://github.com/lukhas/repo/blob/main/docs/mcp/sse_probe.html');
  });

  it('bounds the limit to 1..50, 10 by default', async () => {
    repo = await createTempRepo({
      sample: false,
      files: Object.fromEntries(
        Array.from({ length: 60 }, (_, n) => [`doc-${String(n).padStart(2, '0')}.md`, 'common word']),
      ),
    });
    index = createDocumentIndex({ root: repo.root });
    expect((await index.search('common')).results).toHaveLength(10);
    expect((await index.search('common', { limit: 3 })).results).toHaveLength(3);
    expect((await index.search('common', { limit: 500 })).results).toHaveLength(50);
    expect((await index.search('common', { limit: 0 })).results).toHaveLength(1);
    expect((await index.search('common', { limit: Number.NaN })).results).toHaveLength(10);
  });

  it('refuses a blank query with EMPTY_QUERY', async () => {
    await sampleIndex();
    for (const query of ['', '   ', '\n\t']) {
      await expect(index.search(query)).rejects.toSatisfy((error) => isDocumentError(error, 'EMPTY_QUERY'));
    }
  });

  it.each([
    '"',
    '"unbalanced',
    '*',
    'rollback*',
    'AND OR NOT',
    'canary AND',
    'NOT rollback',
    'NEAR(canary rollback',
    'NEAR(a b, 2)',
    '-rollback',
    'title:rollback',
    'path : x',
    '((canary',
    'canary))',
    '^canary',
    '{path title}: canary',
    "'; DROP TABLE documents; --",
    '🚀🔥',
    'rollback 🚀',
    '\u0000',
    '\u0000𠀀',
    'roll\u0000back',
  ])('never lets FTS5 syntax in %j throw', async (query) => {
    await sampleIndex();
    await expect(index.search(query)).resolves.toHaveProperty('results');
  });

  it('truncates very long queries instead of failing', async () => {
    await sampleIndex();
    await expect(index.search('x'.repeat(10_000))).resolves.toEqual({ results: [] });
    const manyTerms = `${'canary '.repeat(2_000)}${Array.from({ length: 500 }, (_, n) => `w${n}`).join(' ')}`;
    expect(idsOf(await index.search(manyTerms))).toContain('docs/canary-rollback.md');
  });

  it('quotes FTS5 keywords as plain words', async () => {
    await sampleIndex();
    expect(idsOf(await index.search('NOT rollback'))).toContain('docs/canary-rollback.md');
    expect(idsOf(await index.search('title:canary'))).toEqual([]);
  });

  it('never throws for any non-blank string (property)', async () => {
    await sampleIndex();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (query) => {
        if (query.trim() === '') return;
        const { results } = await index.search(query);
        expect(Array.isArray(results)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same ids from two independent indexes of the same tree', async () => {
    await sampleIndex();
    const other = createDocumentIndex({ root: repo.root });
    try {
      for (const query of ['rollback', 'probe', 'latency', 'evidence']) {
        expect(idsOf(await other.search(query))).toEqual(idsOf(await index.search(query)));
      }
      const fetched = await other.fetch('docs/mcp/sse_probe.html');
      expect(fetched.id).toBe('docs/mcp/sse_probe.html');
    } finally {
      other.close();
    }
  });

  it('reports what it indexed and skipped', async () => {
    repo = await createTempRepo({
      files: {
        'big.md': 'x'.repeat(2_000),
        'blob.txt': Buffer.from([104, 105, 0, 1, 2]),
        '.gitignore': 'dist/\n',
        'dist/a.md': 'a',
      },
    });
    index = createDocumentIndex({ root: repo.root, maxFileBytes: 1_000 });
    expect(index.stats()).toMatchObject({ documents: 0, lastScanAt: null });
    const stats = await index.refresh();
    expect(stats).toMatchObject({
      documents: 5,
      truncated: false,
      skipped: { tooBig: 1, binary: 1, ignored: 1 },
    });
    expect(stats.lastScanAt).toEqual(expect.any(Number));
    expect(stats.scanMs).toEqual(expect.any(Number));
  });

  it('stops at maxFiles and says so', async () => {
    await sampleIndex();
    index.close();
    index = createDocumentIndex({ root: repo.root, maxFiles: 2 });
    expect(await index.refresh()).toMatchObject({ documents: 2, truncated: true });
  });

  it('fails clearly when the root is missing, and after close', async () => {
    repo = await createTempRepo();
    index = createDocumentIndex({ root: `${repo.root}-missing` });
    await expect(index.search('x')).rejects.toSatisfy((error) =>
      isDocumentError(error, 'DOCUMENT_ROOT_UNAVAILABLE'),
    );
    index.close();
    await expect(index.search('x')).rejects.toSatisfy((error) =>
      isDocumentError(error, 'DOCUMENT_INDEX_CLOSED'),
    );
    await expect(index.fetch('README.md')).rejects.toSatisfy((error) =>
      isDocumentError(error, 'DOCUMENT_INDEX_CLOSED'),
    );
  });
});
