import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, quoteText, sanitizeText } from './sanitize-text.ts';

describe('sanitizeText', () => {
  it('leaves ordinary text alone', () => {
    expect(sanitizeText('lukhas-agi-v3')).toBe('lukhas-agi-v3');
    expect(sanitizeText('prometheus unreachable: ECONNREFUSED')).toBe('prometheus unreachable: ECONNREFUSED');
  });

  it('keeps a line one line: newlines, tabs and other control characters become single spaces', () => {
    expect(sanitizeText('exit code 2\nTraceback:\r\n\tline 1')).toBe('exit code 2 Traceback: line 1');
    expect(sanitizeText('a\u0000b\u001bc\u007fd\u0085e')).toBe('a b c d e');
    expect(sanitizeText('a\u2028b\u2029c')).toBe('a b c');
  });

  it('drops bidi controls that could make a line display differently from what it stores', () => {
    expect(sanitizeText('model\u202Eevil\u2066x')).toBe('model evil x');
  });

  it('collapses whitespace and trims', () => {
    expect(sanitizeText('   manual    override  ')).toBe('manual override');
    expect(sanitizeText('\n\n')).toBe('');
  });

  it('turns the line separator → into -> so a subject cannot fake a second arrow', () => {
    expect(sanitizeText('m → production')).toBe('m -> production');
  });

  it(`bounds a value to ${MAX_TEXT_LENGTH} code points ending in an ellipsis`, () => {
    const long = 'x'.repeat(500);
    const cut = sanitizeText(long);
    expect(Array.from(cut)).toHaveLength(MAX_TEXT_LENGTH);
    expect(cut).toBe(`${'x'.repeat(MAX_TEXT_LENGTH - 1)}…`);
    expect(sanitizeText('x'.repeat(MAX_TEXT_LENGTH))).toBe('x'.repeat(MAX_TEXT_LENGTH));
  });

  it('takes another bound, never splits a surrogate pair, and trims before the ellipsis', () => {
    expect(sanitizeText('abcdefgh', 5)).toBe('abcd…');
    expect(sanitizeText('😀😀😀😀', 3)).toBe('😀😀…');
    expect(sanitizeText('ab   cdefgh', 4)).toBe('ab…');
  });
});

describe('quoteText', () => {
  it('quotes a sanitised value and escapes quotes and backslashes', () => {
    expect(quoteText('lukhas-agi-stress')).toBe('"lukhas-agi-stress"');
    expect(quoteText('say "hi"\n')).toBe('"say \\"hi\\""');
    expect(quoteText('a\\b')).toBe('"a\\\\b"');
  });
});
