import { describe, expect, it } from 'vitest';
import { createOutputTail, OUTPUT_TAIL_DEFAULTS } from './output-tail.ts';

const bytes = (text: string) => new TextEncoder().encode(text).length;

describe('createOutputTail', () => {
  it('keeps the last lines within the line bound (default 50)', () => {
    const tail = createOutputTail();
    for (let index = 1; index <= 120; index += 1) tail.push(`line ${index}`);
    expect(tail.lines()).toHaveLength(OUTPUT_TAIL_DEFAULTS.maxLines);
    expect(tail.lines()[0]).toBe('line 71');
    expect(tail.text().endsWith('line 119\nline 120')).toBe(true);
    expect(tail.dropped()).toBe(70);
  });

  it('keeps the text within the byte bound, counting UTF-8 bytes', () => {
    const tail = createOutputTail({ maxLines: 1000, maxBytes: 100 });
    for (let index = 0; index < 50; index += 1) tail.push(`é${index}`.repeat(5));
    expect(bytes(tail.text())).toBeLessThanOrEqual(100);
    expect(tail.lines().at(-1)).toBe('é49'.repeat(5));
  });

  it('keeps the end of a single overlong line', () => {
    const tail = createOutputTail({ maxBytes: 32 });
    tail.push(`${'x'.repeat(1000)}the error is here`);
    expect(bytes(tail.text())).toBeLessThanOrEqual(32);
    expect(tail.text()).toMatch(/^…x*the error is here$/);
  });
});
