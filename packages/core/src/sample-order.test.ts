import { describe, expect, it } from 'vitest';
import { compareSampleOrder, inSampleOrder } from './sample-order.ts';

describe('sample order', () => {
  it('orders by time, then seq', () => {
    const samples = [
      { at: 2, seq: 1 },
      { at: 1, seq: 3 },
      { at: 1, seq: 2 },
    ];
    expect([...samples].sort(compareSampleOrder)).toEqual([samples[2], samples[1], samples[0]]);
  });

  it('says whether samples are in that order already, equal times ordered by seq', () => {
    expect(inSampleOrder([])).toBe(true);
    expect(
      inSampleOrder([
        { at: 1, seq: 1 },
        { at: 1, seq: 2 },
        { at: 5, seq: 0 },
      ]),
    ).toBe(true);
    expect(
      inSampleOrder([
        { at: 1, seq: 2 },
        { at: 1, seq: 1 },
      ]),
    ).toBe(false);
    expect(
      inSampleOrder([
        { at: 2, seq: 1 },
        { at: 1, seq: 2 },
      ]),
    ).toBe(false);
  });
});
