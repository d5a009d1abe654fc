import { rm, utimes } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { isDocumentError } from './document-error.ts';
import { createDocumentIndex, type DocumentIndex } from './document-index.ts';
import { createFakeClock, type FakeClock } from './fixtures/fake-clock.ts';
import { createTempRepo, type TempRepo } from './fixtures/temp-repo.ts';

const TTL_MS = 30_000;
let repo: TempRepo;
let index: DocumentIndex;
let clock: FakeClock;
afterEach(async () => {
  index.close();
  await repo.remove();
});

async function setUp(): Promise<void> {
  repo = await createTempRepo();
  clock = createFakeClock();
  index = createDocumentIndex({ root: repo.root, ttlMs: TTL_MS, clock });
}

const idsFor = async (query: string) => (await index.search(query)).results.map((result) => result.id);

const PINNED_TIME = new Date('2025-10-03T14:20:00Z');

/** Writes a file and pins its mtime, so a same-length rewrite changes neither size nor mtime. */
async function writePinned(id: string, content: string): Promise<void> {
  await repo.write(id, content);
  await utimes(repo.pathOf(id), PINNED_TIME, PINNED_TIME);
}

describe('freshness', () => {
  it('scans lazily once, and re-indexes a changed file only after the TTL', async () => {
    await setUp();
    expect(index.stats().lastScanAt).toBeNull();
    expect(await idsFor('evidence')).toContain('notes/evidence.txt');
    const firstScan = index.stats().lastScanAt;

    await repo.write('notes/evidence.txt', 'Now about zebras only.');
    clock.advance(TTL_MS - 1);
    expect(await idsFor('zebras')).toEqual([]);
    expect(index.stats().lastScanAt).toBe(firstScan);

    clock.advance(1);
    expect(await idsFor('zebras')).toEqual(['notes/evidence.txt']);
    expect(await idsFor('sha256sum')).toEqual([]);
    expect(index.stats().lastScanAt).toBe(clock.now());
  });

  it('drops a deleted file after the TTL, and at once when it is fetched', async () => {
    await setUp();
    expect(await idsFor('latency')).toEqual(['src/latency_monitor.py']);
    await rm(repo.pathOf('src/latency_monitor.py'));
    await rm(repo.pathOf('docs/mcp/sse_probe.html'));

    await expect(index.fetch('docs/mcp/sse_probe.html')).rejects.toSatisfy((error) =>
      isDocumentError(error, 'DOCUMENT_NOT_FOUND'),
    );
    expect(await idsFor('probe')).toEqual([]);
    expect(await idsFor('latency')).toEqual(['src/latency_monitor.py']);

    clock.advance(TTL_MS);
    expect(await idsFor('latency')).toEqual([]);
    expect(index.stats().documents).toBe(3);
  });

  it('picks up new files and newly ignored ones on the next scan', async () => {
    await setUp();
    await index.refresh();
    await repo.write('docs/added.md', '# Added\nquokka');
    await repo.write('.gitignore', 'notes/\n');
    clock.advance(TTL_MS);
    expect(await idsFor('quokka')).toEqual(['docs/added.md']);
    expect(await idsFor('evidence')).not.toContain('notes/evidence.txt');
    expect(index.stats().skipped.ignored).toBe(1);
  });

  it('re-reads a file whose size or mtime changed even while its fetch is cached, and re-indexes it', async () => {
    await setUp();
    expect((await index.fetch('README.md')).title).toBe('Sample repository');
    await repo.write('README.md', '# Renamed sample\nwombat');
    expect((await index.fetch('README.md')).title).toBe('Renamed sample');
    expect(await idsFor('wombat')).toEqual(['README.md']);
  });

  it('serves a cached fetch until its TTL, then reads the file again', async () => {
    await setUp();
    await writePinned('notes/evidence.txt', 'Evidence packs are zip files.');
    const original = await index.fetch('notes/evidence.txt');
    const swapped = 'Evidense packs are zip files.';
    await writePinned('notes/evidence.txt', swapped);

    clock.advance(TTL_MS - 1);
    expect((await index.fetch('notes/evidence.txt')).text).toBe(original.text);
    clock.advance(1);
    const reread = await index.fetch('notes/evidence.txt');
    expect(reread.text).toBe(swapped);
    expect(reread.metadata.sha256).not.toBe(original.metadata.sha256);
  });

  it('shares one in-flight scan between concurrent callers', async () => {
    await setUp();
    const [first, second, fetched] = await Promise.all([
      index.search('canary'),
      index.search('rollback'),
      index.fetch('README.md'),
    ]);
    expect(first.results.length).toBeGreaterThan(0);
    expect(second.results.length).toBeGreaterThan(0);
    expect(fetched.id).toBe('README.md');
    expect(index.stats().scans).toBe(1);
  });

  it('scans again on refresh() whatever the TTL', async () => {
    await setUp();
    await index.refresh();
    await repo.write('docs/late.md', 'platypus');
    expect(await idsFor('platypus')).toEqual([]);
    expect(await index.refresh()).toMatchObject({ documents: 6, scans: 2 });
    expect(await idsFor('platypus')).toEqual(['docs/late.md']);
  });
});
