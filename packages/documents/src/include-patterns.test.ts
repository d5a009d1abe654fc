import { describe, expect, it } from 'vitest';
import { createIncludeMatcher, parseIncludePatterns } from './include-patterns.ts';

const included = (patterns: string[], ids: string[]) => {
  const matcher = createIncludeMatcher(parseIncludePatterns(patterns, 'include'));
  return ids.filter((id) => matcher.includes(id));
};

const IDS = [
  'README.md',
  'docs/a.md',
  'docs/deep/b.md',
  'docs/private/c.md',
  'src/app.ts',
  'src/docs/x.md',
  'notes/todo.txt',
];

describe('include patterns', () => {
  it('matches a name without a slash at any depth, a path with one from the root', () => {
    expect(included(['*.md'], IDS)).toEqual([
      'README.md',
      'docs/a.md',
      'docs/deep/b.md',
      'docs/private/c.md',
      'src/docs/x.md',
    ]);
    expect(included(['docs/*.md'], IDS)).toEqual(['docs/a.md']);
    expect(included(['/README.md'], IDS)).toEqual(['README.md']);
  });

  it('treats ** as any number of segments and a matched directory as its whole content', () => {
    expect(included(['docs/**'], IDS)).toEqual(['docs/a.md', 'docs/deep/b.md', 'docs/private/c.md']);
    expect(included(['**/x.md'], IDS)).toEqual(['src/docs/x.md']);
    expect(included(['docs'], IDS)).toEqual([
      'docs/a.md',
      'docs/deep/b.md',
      'docs/private/c.md',
      'src/docs/x.md',
    ]);
    expect(included(['/docs/'], IDS)).toEqual(['docs/a.md', 'docs/deep/b.md', 'docs/private/c.md']);
    expect(included(['**'], IDS)).toEqual(IDS);
  });

  it('lets the last matching pattern decide, ! excluding again', () => {
    expect(included(['docs/**', '!docs/private'], IDS)).toEqual(['docs/a.md', 'docs/deep/b.md']);
    expect(included(['docs/**', '!docs/private/**', 'docs/private/c.md'], IDS)).toEqual([
      'docs/a.md',
      'docs/deep/b.md',
      'docs/private/c.md',
    ]);
  });

  it('takes ? as one character of a segment and everything else literally', () => {
    expect(included(['docs/?.md', 'notes/todo(1).txt'], [...IDS, 'notes/todo(1).txt', 'docs/ab.md'])).toEqual(
      ['docs/a.md', 'notes/todo(1).txt'],
    );
    expect(included(['README.m?'], ['README.md', 'READMExmd'])).toEqual(['README.md']);
  });
});
