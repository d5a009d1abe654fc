import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './line-splitter.ts';

describe('createLineSplitter', () => {
  it('splits lines across chunk boundaries and drops CR of CRLF', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter({ onLine: (line) => lines.push(line) });
    splitter.push('first li');
    splitter.push('ne\r\nsecond\n\nthi');
    splitter.push('rd');
    expect(lines).toEqual(['first line', 'second', '']);
    splitter.end();
    expect(lines).toEqual(['first line', 'second', '', 'third']);
  });

  it('cuts a line that never ends into bounded pieces', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter({ onLine: (line) => lines.push(line), maxLineLength: 4 });
    splitter.push('abcdefghij');
    expect(lines).toEqual(['abcd', 'efgh']);
    splitter.push('\n');
    expect(lines).toEqual(['abcd', 'efgh', 'ij']);
  });
});
