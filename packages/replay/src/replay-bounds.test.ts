import { describe, expect, it } from 'vitest';
import { parseReplayBounds } from './replay-bounds.ts';
import { isReplayError } from './replay-error.ts';

describe('parseReplayBounds', () => {
  it('accepts ISO times with Z or an offset, and epoch ms', () => {
    expect(parseReplayBounds({ from: '2025-09-28T14:00:00Z', to: '2025-09-28T17:00:00+02:00' })).toEqual({
      from: Date.UTC(2025, 8, 28, 14),
      to: Date.UTC(2025, 8, 28, 15),
    });
    expect(parseReplayBounds({ from: 0, to: 0 })).toEqual({ from: 0, to: 0 });
  });

  it('refuses zoneless or unreadable times and a window that ends before it starts', () => {
    const bad = [
      { from: '2025-09-28T14:00:00', to: '2025-09-28T15:00:00Z' },
      { from: '30d', to: '2025-09-28T15:00:00Z' },
      { from: 10, to: Number.POSITIVE_INFINITY },
      { from: '2025-09-28T15:00:00Z', to: '2025-09-28T14:00:00Z' },
    ];
    for (const window of bad) {
      let caught: unknown;
      try {
        parseReplayBounds(window);
      } catch (error) {
        caught = error;
      }
      expect(isReplayError(caught, 'INVALID_WINDOW')).toBe(true);
    }
  });

  it('says what was wrong', () => {
    expect(() => parseReplayBounds({ from: '2025-09-28T15:00:00Z', to: '2025-09-28T14:00:00Z' })).toThrow(
      'invalid replay window: to (2025-09-28T14:00:00.000Z) is before from (2025-09-28T15:00:00.000Z)',
    );
  });
});
