import { describe, expect, it } from 'vitest';
import { multiRowChunks } from './transition-statements.ts';

describe('multiRowChunks', () => {
  it('cuts rows into 64-row statements, then at most one each of 32, 16, … 1, in order', () => {
    const rows = Array.from({ length: 200 }, (_, index) => index);
    const chunks = multiRowChunks(rows);
    expect(chunks.map((chunk) => chunk.length)).toEqual([64, 64, 64, 8]);
    expect(chunks.flat()).toEqual(rows);
    expect(multiRowChunks(rows.slice(0, 100)).map((chunk) => chunk.length)).toEqual([64, 32, 4]);
    expect(multiRowChunks([])).toEqual([]);
  });
});
