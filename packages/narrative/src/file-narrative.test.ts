import { describe, expect, it } from 'vitest';
import { fileChanged } from './file-narrative.ts';

describe('fileChanged', () => {
  it('names the operator, what was done, the path and the line counts', () => {
    expect(
      fileChanged({
        operator: 'key:ab12cd34',
        path: 'configs/slo-prod.json',
        change: 'patched',
        added: 3,
        removed: 1,
      }),
    ).toBe('key:ab12cd34 → patched configs/slo-prod.json (+3 −1)');
  });

  it('keeps a path with line breaks or arrows on one line', () => {
    expect(
      fileChanged({ operator: 'local', path: 'a\nb → c.md', change: 'created', added: 1, removed: 0 }),
    ).toBe('local → created a b -> c.md (+1 −0)');
  });
});
