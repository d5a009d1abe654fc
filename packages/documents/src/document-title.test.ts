import { describe, expect, it } from 'vitest';
import { documentTitle } from './document-title.ts';

describe('documentTitle', () => {
  it('takes the first level-one heading of markdown', () => {
    expect(documentTitle('docs/guide.md', 'intro\n## Not this\n# Operator guide ##\n# Later')).toBe(
      'Operator guide',
    );
  });

  it('skips headings inside code fences', () => {
    expect(documentTitle('a.md', '```sh\n# a shell comment\n```\n# Real title')).toBe('Real title');
  });

  it('falls back to the file name without a heading or for non-markdown files', () => {
    expect(documentTitle('docs/notes.md', 'no heading here')).toBe('notes.md');
    expect(documentTitle('scripts/build.py', '# build the thing\nprint(1)')).toBe('build.py');
  });

  it('bounds very long headings', () => {
    expect(documentTitle('a.md', `# ${'x'.repeat(500)}`)).toHaveLength(200);
  });
});
