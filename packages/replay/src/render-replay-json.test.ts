import { describe, expect, it } from 'vitest';
import { LOOSE, recordCanary, repeat, STRICT, WINDOW } from '../test/replay-fixtures.ts';
import { renderReplayJson } from './render-replay-json.ts';
import { replayWindow } from './replay-window.ts';

const recorded = recordCanary({
  canaryId: 'canary_1',
  policy: STRICT,
  readings: [...repeat(3), { errorRate: 0.015 }],
});
const result = replayWindow({
  modelId: 'matriz-v3',
  ...recorded,
  canaries: [recorded.canary],
  policy: LOOSE,
  window: WINDOW,
});

describe('renderReplayJson', () => {
  it('is the result, as JSON that parses back to it', () => {
    expect(JSON.parse(renderReplayJson(result))).toEqual(result);
  });

  it('sorts the keys of every object, indents by two and ends with a newline', () => {
    const text = renderReplayJson(result);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "canaries": [')).toBe(true);
    const keysInOrder = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.every(keysInOrder);
      if (value === null || typeof value !== 'object') return true;
      const keys = Object.keys(value);
      return keys.join('\n') === [...keys].sort().join('\n') && Object.values(value).every(keysInOrder);
    };
    expect(keysInOrder(JSON.parse(text))).toBe(true);
  });

  it('does not depend on the key order of the records it came from', () => {
    const reversed = JSON.parse(JSON.stringify(result), (_key, value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    );
    expect(renderReplayJson(reversed)).toBe(renderReplayJson(result));
  });
});
