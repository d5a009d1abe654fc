import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDocumentError } from './document-error.ts';
import { isInsideRoot, parseDocumentId, toDocumentId } from './document-id.ts';

function codeOf(id: unknown): string {
  try {
    parseDocumentId(id);
    return 'accepted';
  } catch (error) {
    if (isDocumentError(error)) return error.code;
    throw error;
  }
}

describe('parseDocumentId', () => {
  it('accepts relative paths and normalises them', () => {
    expect(parseDocumentId('docs/mcp/sse_probe.html')).toBe('docs/mcp/sse_probe.html');
    expect(parseDocumentId('./docs//guide.md')).toBe('docs/guide.md');
    expect(parseDocumentId('docs/./guide.md')).toBe('docs/guide.md');
    expect(parseDocumentId('docs/')).toBe('docs');
    expect(parseDocumentId('notes..md')).toBe('notes..md');
  });

  it.each([
    ['../etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['docs/../../etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['docs/..', 'PATH_OUTSIDE_ROOT'],
    ['/etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['C:/Windows/win.ini', 'PATH_OUTSIDE_ROOT'],
    ['%2e%2e/etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['%2E%2E%2Fetc%2Fpasswd', 'PATH_OUTSIDE_ROOT'],
    ['%252e%252e/etc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['%2fetc/passwd', 'PATH_OUTSIDE_ROOT'],
    ['docs\\..\\secret.md', 'INVALID_DOCUMENT_ID'],
    ['docs%5csecret.md', 'INVALID_DOCUMENT_ID'],
    ['README.md\0.png', 'INVALID_DOCUMENT_ID'],
    ['README.md%00', 'INVALID_DOCUMENT_ID'],
    ['', 'INVALID_DOCUMENT_ID'],
    ['.', 'INVALID_DOCUMENT_ID'],
    ['./', 'INVALID_DOCUMENT_ID'],
    ['a'.repeat(2_000), 'INVALID_DOCUMENT_ID'],
    [42, 'INVALID_DOCUMENT_ID'],
    [undefined, 'INVALID_DOCUMENT_ID'],
  ])('refuses %j with %s', (id, code) => {
    expect(codeOf(id)).toBe(code);
  });

  it('leaves undecodable percent signs alone', () => {
    expect(parseDocumentId('100%-done.md')).toBe('100%-done.md');
  });
});

describe('toDocumentId and isInsideRoot', () => {
  it('uses forward slashes', () => {
    expect(toDocumentId(['docs', 'mcp', 'a.md'].join(path.sep))).toBe('docs/mcp/a.md');
  });

  it('checks containment on whole path segments', () => {
    expect(isInsideRoot('/repo', '/repo')).toBe(true);
    expect(isInsideRoot('/repo', '/repo/a.md')).toBe(true);
    expect(isInsideRoot('/repo', '/repository/a.md')).toBe(false);
    expect(isInsideRoot('/', '/etc/passwd')).toBe(true);
  });
});
