import { describe, expect, it } from 'vitest';
import { isDocumentError } from './document-error.ts';
import { parseDocumentIndexSettings, resolveDocumentIndexOptions } from './document-index-options.ts';
import { documentUrl } from './document-url.ts';

describe('parseDocumentIndexSettings', () => {
  it('defaults the root to the working directory', () => {
    expect(parseDocumentIndexSettings({}, '/srv/cockpit')).toEqual({ root: '/srv/cockpit' });
  });

  it('reads the root, base url and TTL', () => {
    const env = {
      LUKHAS_REPO_ROOT: 'repo',
      LUKHAS_DOCS_BASE_URL: 'https://git.example/blob/main/',
      LUKHAS_DOCS_TTL_MS: '5000',
    };
    expect(parseDocumentIndexSettings(env, '/srv')).toEqual({
      root: '/srv/repo',
      baseUrl: 'https://git.example/blob/main/',
      ttlMs: 5_000,
    });
  });

  it('refuses a TTL that is not a whole number', () => {
    expect(() => parseDocumentIndexSettings({ LUKHAS_DOCS_TTL_MS: 'soon' }, '/srv')).toThrow(
      /LUKHAS_DOCS_TTL_MS/,
    );
    try {
      parseDocumentIndexSettings({ LUKHAS_DOCS_TTL_MS: '-1' }, '/srv');
    } catch (error) {
      expect(isDocumentError(error, 'INVALID_DOCUMENT_OPTIONS')).toBe(true);
    }
  });
});

describe('parseDocumentIndexSettings: LUKHAS_DOCS_INCLUDE and LUKHAS_TASKS_FILE', () => {
  it('reads comma-separated include globs, trimmed, blanks dropped', () => {
    expect(parseDocumentIndexSettings({ LUKHAS_DOCS_INCLUDE: ' docs/** , *.md,, ' }, '/srv')).toEqual({
      root: '/srv',
      include: ['docs/**', '*.md'],
    });
    expect(parseDocumentIndexSettings({ LUKHAS_DOCS_INCLUDE: ' , ' }, '/srv')).toEqual({ root: '/srv' });
  });

  it.each([
    ['../secrets/**', /LUKHAS_DOCS_INCLUDE: the pattern "..\/secrets\/\*\*" contains "." or ".."/],
    ['docs\\a.md', /LUKHAS_DOCS_INCLUDE: .*backslash/],
    ['docs/{a,b}.md', /LUKHAS_DOCS_INCLUDE: .*not supported/],
    ['!', /LUKHAS_DOCS_INCLUDE: the pattern "!" is empty/],
    ['!drafts/**', /LUKHAS_DOCS_INCLUDE has only "!" patterns/],
  ])('refuses LUKHAS_DOCS_INCLUDE=%j with a message naming it', (value, message) => {
    let thrown: unknown;
    try {
      parseDocumentIndexSettings({ LUKHAS_DOCS_INCLUDE: value }, '/srv');
    } catch (error) {
      thrown = error;
    }
    expect(isDocumentError(thrown, 'INVALID_DOCUMENT_OPTIONS')).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });

  it('names every bad variable in one error, with their values', () => {
    let thrown: unknown;
    try {
      parseDocumentIndexSettings({ LUKHAS_DOCS_TTL_MS: 'soon', LUKHAS_DOCS_INCLUDE: '../x/**' }, '/srv');
    } catch (error) {
      thrown = error;
    }
    expect(isDocumentError(thrown, 'INVALID_DOCUMENT_OPTIONS')).toBe(true);
    expect((thrown as Error).message).toContain('LUKHAS_DOCS_TTL_MS must be a whole number >= 0, got "soon"');
    expect((thrown as Error).message).toContain('LUKHAS_DOCS_INCLUDE: the pattern "../x/**"');
    expect((thrown as Error).cause).toBeInstanceOf(AggregateError);
  });

  it('denies the task file, resolved from the working directory and from the root', () => {
    expect(
      parseDocumentIndexSettings({ LUKHAS_REPO_ROOT: 'repo', LUKHAS_TASKS_FILE: 'evals/tasks.json' }, '/srv'),
    ).toEqual({ root: '/srv/repo', deniedFiles: ['/srv/evals/tasks.json', '/srv/repo/evals/tasks.json'] });
    expect(parseDocumentIndexSettings({ LUKHAS_TASKS_FILE: '/etc/tasks.json' }, '/srv')).toEqual({
      root: '/srv',
      deniedFiles: ['/etc/tasks.json'],
    });
  });
});

describe('resolveDocumentIndexOptions', () => {
  it('applies the defaults and normalises extensions', () => {
    const options = resolveDocumentIndexOptions({ root: '/repo', extensions: ['MD', '.txt'] });
    expect(options).toMatchObject({
      root: '/repo',
      ttlMs: 30_000,
      maxFileBytes: 1_048_576,
      maxFiles: 20_000,
    });
    expect([...options.extensions]).toEqual(['.md', '.txt']);
    expect(resolveDocumentIndexOptions({ root: '/repo' }).extensions.has('.rs')).toBe(true);
  });

  it('refuses an empty root and negative bounds', () => {
    expect(() => resolveDocumentIndexOptions({ root: '' })).toThrow(/root/);
    expect(() => resolveDocumentIndexOptions({ root: '/repo', maxFiles: -1 })).toThrow(/maxFiles/);
  });
});

describe('documentUrl', () => {
  it('is a file URL without a base', () => {
    expect(documentUrl('docs/a b.md', { root: '/repo' })).toBe('file:///repo/docs/a%20b.md');
  });

  it('appends the encoded id to a base, with or without its trailing slash', () => {
    expect(documentUrl('docs/a b.md', { root: '/repo', baseUrl: 'https://git.example/blob/main' })).toBe(
      'https://git.example/blob/main/docs/a%20b.md',
    );
    expect(documentUrl('a#1.md', { root: '/repo', baseUrl: 'https://git.example/' })).toBe(
      'https://git.example/a%231.md',
    );
  });
});
