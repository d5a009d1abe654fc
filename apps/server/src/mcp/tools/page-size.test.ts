import { describe, expect, it } from 'vitest';
import { pageOf, pageSize, rowsToRead } from './page-size.ts';

const BOUNDS = { default: 50, max: 500 };
const ids = (count: number) => Array.from({ length: count }, (_, index) => `row_${index}`);

describe('list pages', () => {
  it('reads one row past the page, so the last full page has no next', () => {
    expect(pageSize(undefined, BOUNDS)).toBe(50);
    expect(pageSize(10_000, BOUNDS)).toBe(500);
    expect(rowsToRead(10, BOUNDS)).toBe(11);
    expect(pageOf(ids(11), 10, BOUNDS, (id) => id)).toEqual({ rows: ids(10), next: 'row_9' });
    expect(pageOf(ids(10), 10, BOUNDS, (id) => id)).toEqual({ rows: ids(10), next: null });
    expect(pageOf([], 10, BOUNDS, (id) => id)).toEqual({ rows: [], next: null });
  });

  it('at the largest page, a full page gives a next (the extra row cannot be read)', () => {
    expect(rowsToRead(500, BOUNDS)).toBe(500);
    expect(pageOf(ids(500), 500, BOUNDS, (id) => id).next).toBe('row_499');
    expect(pageOf(ids(499), 500, BOUNDS, (id) => id).next).toBeNull();
  });
});
