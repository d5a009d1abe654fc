import { describe, expect, it } from 'vitest';
import { buildFtsQuery } from './fts-query.ts';

describe('buildFtsQuery', () => {
  it('quotes every term and makes the last one a prefix', () => {
    expect(buildFtsQuery('canary roll')).toEqual({
      all: '"canary" "roll"*',
      any: '"canary" OR "roll"*',
      terms: ['canary', 'roll'],
    });
  });

  it('does not prefix a finished or very short last term', () => {
    expect(buildFtsQuery('canary rollback ')?.all).toBe('"canary" "rollback"');
    expect(buildFtsQuery('go')?.all).toBe('"go"');
  });

  it('neutralises FTS5 syntax by quoting, doubling embedded quotes', () => {
    expect(buildFtsQuery('title:"x" OR NEAR(a b)')?.all).toBe('"title:""x""" "OR" "NEAR(a" "b)"');
    expect(buildFtsQuery('-rollback')?.all).toBe('"-rollback"*');
  });

  it('drops terms with no letter or digit and returns null when none are left', () => {
    expect(buildFtsQuery('* " ( ) 🚀 -')).toBeNull();
    expect(buildFtsQuery('🚀 launch')?.terms).toEqual(['launch']);
  });

  it('treats NUL and other control characters as separators', () => {
    expect(buildFtsQuery('\u0000𠀀 a\u0007b\u0000')?.terms).toEqual(['𠀀', 'a', 'b']);
    expect(buildFtsQuery('\ud800rollback')?.terms).toEqual(['rollback']);
  });

  it('removes duplicate terms case-insensitively', () => {
    expect(buildFtsQuery('Canary canary CANARY')?.terms).toEqual(['Canary']);
  });

  it('bounds the number of terms, their length and the raw query length', () => {
    const many = Array.from({ length: 100 }, (_, index) => `term${index}`).join(' ');
    expect(buildFtsQuery(many)?.terms).toHaveLength(32);
    expect(buildFtsQuery(many, { maxTerms: 3 })?.terms).toEqual(['term0', 'term1', 'term2']);
    expect(buildFtsQuery('x'.repeat(10_000))?.terms[0]).toHaveLength(128);
    expect(buildFtsQuery(`${'a '.repeat(5)}zebra`, { maxQueryChars: 4 })?.terms).toEqual(['a']);
  });
});
