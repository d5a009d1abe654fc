import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFileOpsError } from './file-ops-error.ts';
import { applyUnifiedDiff, diffOfChange } from './unified-diff.ts';

const SLO =
  '{\n  "windowSeconds": 300,\n  "targets": {\n    "latency_p95_ms": 500,\n    "max_error_rate": 0.01\n  }\n}\n';

function failure(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isFileOpsError(error)) return { code: error.code, hunk: error.hunk, message: error.message };
    throw error;
  }
  throw new Error('expected a FileOpsError');
}

describe('applyUnifiedDiff', () => {
  it('applies a git-style diff with headers', () => {
    const patch = [
      'diff --git a/configs/slo-prod.json b/configs/slo-prod.json',
      '--- a/configs/slo-prod.json',
      '+++ b/configs/slo-prod.json',
      '@@ -3,4 +3,4 @@',
      '   "targets": {',
      '-    "latency_p95_ms": 500,',
      '+    "latency_p95_ms": 450,',
      '     "max_error_rate": 0.01',
      '   }',
      '',
    ].join('\n');
    expect(applyUnifiedDiff(SLO, patch, 'configs/slo-prod.json')).toBe(SLO.replace('500', '450'));
  });

  it('applies several hunks, and inserts with an empty old range', () => {
    const text = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const patch = '@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -5,0 +6,1 @@\n+inserted\n@@ -8,1 +9,1 @@\n-h\n+H\n';
    expect(applyUnifiedDiff(text, patch, 'x.txt')).toBe('A\nb\nc\nd\ne\ninserted\nf\ng\nH\n');
  });

  it('names the hunk that does not match, and the line', () => {
    const patch = '@@ -1,1 +1,1 @@\n-a\n+A\n@@ -3,1 +3,1 @@\n-not c\n+C\n';
    expect(failure(() => applyUnifiedDiff('a\nb\nc\n', patch, 'x.txt'))).toMatchObject({
      code: 'PATCH_FAILED',
      hunk: 2,
      message: expect.stringContaining(
        'Hunk 2 (@@ -3,1 +3,1 @@) does not apply to "x.txt": line 3 is "c", the hunk expects "not c"',
      ),
    });
  });

  it('never shifts a hunk to where it would fit (no fuzz, no offset)', () => {
    // The same lines one line further down: `patch` would apply it with an offset; we refuse.
    expect(
      failure(() => applyUnifiedDiff('x\na\nb\n', '@@ -1,2 +1,2 @@\n a\n-b\n+B\n', 'x.txt')),
    ).toMatchObject({
      code: 'PATCH_FAILED',
      hunk: 1,
    });
  });

  it('refuses what is not a unified diff of this one file', () => {
    expect(failure(() => applyUnifiedDiff('a\n', 'just some text\n', 'x.txt')).code).toBe('INVALID_PATCH');
    expect(failure(() => applyUnifiedDiff('a\n', '@@ -1,2 +1,1 @@\n-a\n+b\n', 'x.txt'))).toMatchObject({
      code: 'INVALID_PATCH',
    });
    expect(
      failure(() => applyUnifiedDiff('a\n', '--- a/y.txt\n+++ b/y.txt\n@@ -1 +1 @@\n-a\n+b\n', 'x.txt'))
        .message,
    ).toContain('The patch is for "y.txt", not "x.txt"');
    const two =
      '--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-a\n+b\n--- a/y.txt\n+++ b/y.txt\n@@ -1 +1 @@\n-a\n+b\n';
    expect(failure(() => applyUnifiedDiff('a\n', two, 'x.txt')).message).toContain('changes 2 files');
  });

  it('follows "\\ No newline at end of file" on both sides', () => {
    expect(applyUnifiedDiff('a\nb', '@@ -2 +2 @@\n-b\n\\ No newline at end of file\n+B\n', 'x')).toBe(
      'a\nB\n',
    );
    expect(applyUnifiedDiff('a\nb\n', '@@ -2 +2 @@\n-b\n+B\n\\ No newline at end of file\n', 'x')).toBe(
      'a\nB',
    );
    // The patch was made against a file without a final newline; this one has one.
    expect(
      failure(() => applyUnifiedDiff('a\nb\n', '@@ -2 +2 @@\n-b\n\\ No newline at end of file\n+B\n', 'x'))
        .code,
    ).toBe('PATCH_FAILED');
  });

  it('applies every diff diffOfChange makes (round trip)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', '  x', 'é→', '\r');
    const text = fc
      .tuple(fc.array(line, { maxLength: 30 }), fc.boolean())
      .map(([lines, newline]) => (lines.length === 0 ? '' : lines.join('\n') + (newline ? '\n' : '')));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const { diff } = diffOfChange('x.txt', before, after);
        if (diff === '') return before === after;
        return applyUnifiedDiff(before, diff, 'x.txt') === after;
      }),
      { numRuns: 500 },
    );
  });
});

describe('diffOfChange', () => {
  it('is the unified diff with its counts, /dev/null for a new file', () => {
    expect(diffOfChange('configs/slo-prod.json', SLO, SLO.replace('500', '450'))).toEqual({
      diff: expect.stringMatching(
        /^--- a\/configs\/slo-prod.json\n\+\+\+ b\/configs\/slo-prod.json\n@@ -1,7 \+1,7 @@\n/,
      ),
      added: 1,
      removed: 1,
    });
    expect(diffOfChange('new.md', null, '# New\nline\n')).toEqual({
      diff: '--- /dev/null\n+++ b/new.md\n@@ -0,0 +1,2 @@\n+# New\n+line\n',
      added: 2,
      removed: 0,
    });
  });

  it('falls back to a whole replacement for very different large texts, still a correct diff', () => {
    const before = Array.from({ length: 12_000 }, (_, index) => `old ${index}`).join('\n');
    const after = Array.from({ length: 12_000 }, (_, index) => `new ${index}`).join('\n');
    const { diff, added, removed } = diffOfChange('big.txt', before, after);
    expect({ added, removed }).toEqual({ added: 12_000, removed: 12_000 });
    expect(applyUnifiedDiff(before, diff, 'big.txt')).toBe(after);
  });
});
