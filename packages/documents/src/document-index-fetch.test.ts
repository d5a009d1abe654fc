import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DocumentErrorCode, isDocumentError } from './document-error.ts';
import { createDocumentIndex, type DocumentIndex } from './document-index.ts';
import { createTempRepo, type TempRepo } from './fixtures/temp-repo.ts';

let repo: TempRepo;
let index: DocumentIndex;
afterEach(async () => {
  index.close();
  await repo.remove();
});

async function setUp(
  files: Record<string, string | Uint8Array> = {},
  options: { maxFileBytes?: number } = {},
) {
  repo = await createTempRepo({ files });
  index = createDocumentIndex({ root: repo.root, ...options });
}

async function codeOf(id: unknown): Promise<DocumentErrorCode | 'fetched'> {
  try {
    await index.fetch(id as string);
    return 'fetched';
  } catch (error) {
    if (isDocumentError(error)) return error.code;
    throw error;
  }
}

describe('fetch', () => {
  it('returns id, title, text, url and metadata of a search result', async () => {
    await setUp();
    const { results } = await index.search('canary rollback');
    const id = results[0]?.id ?? '';
    const document = await index.fetch(id);
    const text = `# Canary rollback\n\nA canary rolls back as soon as its breaches exceed the failure limit.\n\n\`\`\`sh\n# not a title: a comment inside a code fence\n\`\`\`\n`;
    const { mtimeMs } = await stat(repo.pathOf(id));
    expect(document).toEqual({
      id: 'docs/canary-rollback.md',
      title: 'Canary rollback',
      text,
      url: results[0]?.url,
      metadata: {
        path: 'docs/canary-rollback.md',
        bytes: Buffer.byteLength(text),
        modifiedAt: new Date(mtimeMs).toISOString(),
        sha256: createHash('sha256').update(text).digest('hex'),
      },
    });
  });

  it('normalises the id it is given', async () => {
    await setUp();
    expect((await index.fetch('./docs//canary-rollback.md')).id).toBe('docs/canary-rollback.md');
  });

  it('serves an eligible file created since the last scan', async () => {
    await setUp();
    await index.refresh();
    await repo.write('docs/new.md', '# Fresh page\nbrandnewword');
    expect((await index.fetch('docs/new.md')).title).toBe('Fresh page');
    expect((await index.search('brandnewword')).results.map((result) => result.id)).toEqual(['docs/new.md']);
  });

  it.each([
    ['../etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['/etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['docs/../../etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['%2e%2e/etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'PATH_OUTSIDE_ROOT'],
    ['README.md\0', 'INVALID_DOCUMENT_ID'],
    ['docs\\canary-rollback.md', 'INVALID_DOCUMENT_ID'],
    ['', 'INVALID_DOCUMENT_ID'],
    [null, 'INVALID_DOCUMENT_ID'],
    ['docs/missing.md', 'DOCUMENT_NOT_FOUND'],
    ['docs', 'DOCUMENT_NOT_FOUND'],
    ['README.md/child.md', 'DOCUMENT_NOT_FOUND'],
  ])('refuses %j with %s', async (id, code) => {
    await setUp();
    expect(await codeOf(id)).toBe(code);
  });

  it('says what to do in a not-found message', async () => {
    await setUp();
    await expect(index.fetch('docs/missing.md')).rejects.toThrow(/run search/);
  });

  it('refuses symlinks leading outside the root, and does not index them', async () => {
    await setUp();
    await repo.write('../outside/secret.md', 'topsecretword');
    await symlink(path.join(repo.outside, 'secret.md'), repo.pathOf('leak.md'));
    await symlink(repo.outside, repo.pathOf('leakdir'));
    expect(await codeOf('leak.md')).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf('leakdir/secret.md')).toBe('PATH_OUTSIDE_ROOT');
    expect((await index.search('topsecretword')).results).toEqual([]);
  });

  it('serves a symlink inside the root under its own id', async () => {
    await setUp();
    await symlink('docs/canary-rollback.md', repo.pathOf('rollback-link.md'));
    expect((await index.fetch('rollback-link.md')).title).toBe('Canary rollback');
  });

  it('refuses ignored, binary, oversized, special and unsupported files with their own codes', async () => {
    await setUp(
      {
        '.gitignore': 'secrets/\n*.local.md\n',
        'secrets/keys.md': 'k',
        'notes.local.md': 'l',
        'node_modules/pkg/README.md': 'n',
        '.git/config.md': 'g',
        'image.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d]),
        'huge.md': 'x'.repeat(5_000),
        'photo.png': 'not really',
      },
      { maxFileBytes: 4_096 },
    );
    await symlink('secrets/keys.md', repo.pathOf('keys-link.md'));
    execFileSync('mkfifo', [repo.pathOf('pipe.md')]);
    expect(await codeOf('secrets/keys.md')).toBe('DOCUMENT_IGNORED');
    expect(await codeOf('notes.local.md')).toBe('DOCUMENT_IGNORED');
    expect(await codeOf('keys-link.md')).toBe('DOCUMENT_IGNORED');
    expect(await codeOf('node_modules/pkg/README.md')).toBe('DOCUMENT_IGNORED');
    expect(await codeOf('.git/config.md')).toBe('DOCUMENT_DENIED'); // .git is on the deny-list
    expect(await codeOf('image.txt')).toBe('DOCUMENT_BINARY');
    expect(await codeOf('huge.md')).toBe('DOCUMENT_TOO_LARGE');
    expect(await codeOf('photo.png')).toBe('UNSUPPORTED_DOCUMENT_TYPE');
    expect(await codeOf('pipe.md')).toBe('DOCUMENT_NOT_FOUND');
    expect(index.stats().documents).toBe(5);
  });
});
