/**
 * Unified diffs both ways: the diff of a change, as the audit holds it (`diffOfChange`, through
 * jsdiff), and a strict apply of a client's diff (`applyUnifiedDiff`): every hunk must match the
 * file exactly where its header says (no fuzz, no offset), or nothing is applied and the error
 * names the hunk. Strict because the client has read the file (and passes its sha256): a hunk that
 * does not fit means the client's picture is wrong, and guessing would write what no one reviewed.
 */
import { FILE_HEADERS_ONLY, formatPatch, parsePatch, type StructuredPatch, structuredPatch } from 'diff';
import { FileOpsError } from './file-ops-error.ts';

/** A diff and the lines it adds and removes. */
export interface ChangeDiff {
  readonly diff: string;
  readonly added: number;
  readonly removed: number;
}

/**
 * Past this edit distance (lines changed) a diff is not searched for (Myers costs lines × distance): the change is shown as every old
 * line removed and every new one added, which is still a correct diff, at a bounded cost.
 */
const MAX_EDIT_LENGTH = 2_000;

/**
 * The unified diff (3 lines of context, `--- a/<path>` / `+++ b/<path>`, `/dev/null` for a new
 * file) that turns `before` into `after`, with its counts.
 *
 * @example diffOfChange('configs/a.json', '{"a":1}\n', '{"a":2}\n').added // 1
 */
export function diffOfChange(path: string, before: string | null, after: string): ChangeDiff {
  const oldName = before === null ? '/dev/null' : `a/${path}`;
  const patch =
    structuredPatch(oldName, `b/${path}`, before ?? '', after, undefined, undefined, {
      context: 3,
      maxEditLength: MAX_EDIT_LENGTH,
    }) ?? wholeReplacement(oldName, `b/${path}`, before ?? '', after);
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added += 1;
      else if (line.startsWith('-')) removed += 1;
    }
  }
  return { diff: patch.hunks.length === 0 ? '' : formatPatch(patch, FILE_HEADERS_ONLY), added, removed };
}

/**
 * `text` with `patch` applied; throws `INVALID_PATCH` (not a unified diff of one file, or a hunk
 * whose header does not count its lines) or `PATCH_FAILED` (a hunk does not match the file),
 * naming the hunk, before anything is changed.
 *
 * @example applyUnifiedDiff('a\nb\n', '@@ -1,2 +1,2 @@\n a\n-b\n+B\n', 'x.txt') // 'a\nB\n'
 */
export function applyUnifiedDiff(text: string, patchText: string, path: string): string {
  const patch = parseOneFilePatch(patchText, path);
  const old = splitLines(text);
  const result: string[] = [];
  let finalNewline = old.finalNewline;
  let cursor = 0;
  patch.hunks.forEach((hunk, index) => {
    const number = index + 1;
    // jsdiff stores an empty range's start as the line after it; the header shows the line before.
    const shownOldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const shownNewStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    const header = `@@ -${shownOldStart},${hunk.oldLines} +${shownNewStart},${hunk.newLines} @@`;
    assertCounts(hunk, number, header, path);
    const start = hunk.oldStart - 1;
    if (start < cursor || start > old.lines.length) {
      throw patchFailed(
        path,
        number,
        header,
        start < cursor
          ? 'it starts inside the hunk before it (hunks must be in file order)'
          : `it starts after line ${start}, but the file has ${old.lines.length} lines`,
      );
    }
    result.push(...old.lines.slice(cursor, start));
    let at = start;
    for (const line of hunk.lines) {
      const operation = line[0];
      const content = line.slice(1);
      if (operation === ' ' || operation === '-') {
        const actual = old.lines[at];
        if (actual !== content) {
          throw patchFailed(
            path,
            number,
            header,
            actual === undefined
              ? `it expects line ${at + 1} to be ${quoteLine(content)}, but the file ends before it`
              : `line ${at + 1} is ${quoteLine(actual)}, the hunk expects ${quoteLine(content)}`,
          );
        }
        at += 1;
      }
      if (operation === ' ' || operation === '+') result.push(content);
    }
    finalNewline = finalNewlineAfter(
      hunk.lines,
      { reachesEnd: at === old.lines.length, old, finalNewline },
      () =>
        patchFailed(
          path,
          number,
          header,
          'its "\\ No newline at end of file" marks do not match the end of the file',
        ),
    );
    cursor = at;
  });
  result.push(...old.lines.slice(cursor));
  return result.length === 0 ? '' : result.join('\n') + (finalNewline ? '\n' : '');
}

/**
 * Whether the new file ends with a newline after a hunk. "\\ No newline at end of file" marks the
 * line before it, on that line's side(s) of the diff; marks mean something only at the end of the
 * file, and the old side's mark must match the file as it is.
 */
function finalNewlineAfter(
  lines: readonly string[],
  state: {
    readonly reachesEnd: boolean;
    readonly old: { lines: string[]; finalNewline: boolean };
    readonly finalNewline: boolean;
  },
  mismatch: () => FileOpsError,
): boolean {
  const marked = new Set<number>();
  lines.forEach((line, index) => {
    if (line.startsWith('\\')) marked.add(index - 1);
  });
  if (!state.reachesEnd) {
    if (marked.size > 0) throw mismatch();
    return state.finalNewline;
  }
  const lastIndexOf = (operations: string) => {
    for (let index = lines.length - 1; index >= 0; index -= 1) {
      if (operations.includes(lines[index]?.[0] ?? '\\')) return index;
    }
    return -1;
  };
  const lastOld = lastIndexOf(' -');
  const lastNew = lastIndexOf(' +');
  // The old file's last line is in the hunk: its mark must say what the file has.
  if (lastOld !== -1 && state.old.lines.length > 0 && marked.has(lastOld) === state.old.finalNewline)
    throw mismatch();
  // Nothing of the new side in the hunk: the new last line is one before it, which had its newline.
  if (lastNew === -1) return lastOld === -1 ? state.finalNewline : true;
  return !marked.has(lastNew);
}

function parseOneFilePatch(patchText: string, path: string): StructuredPatch {
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(patchText.replace(/\r\n/g, '\n').endsWith('\n') ? patchText : `${patchText}\n`);
  } catch (error) {
    throw new FileOpsError(
      'INVALID_PATCH',
      `The patch for "${path}" is not a unified diff: ${(error as Error).message}.`,
      {
        path,
        cause: error,
      },
    );
  }
  const withHunks = patches.filter((patch) => patch.hunks.length > 0);
  if (withHunks.length !== 1 || patches.length > 1) {
    throw new FileOpsError(
      'INVALID_PATCH',
      withHunks.length === 0
        ? `The patch for "${path}" has no hunk ("@@ -start,count +start,count @@" followed by " ", "-" and "+" lines).`
        : `The patch changes ${patches.length} files; apply_patch takes the diff of one file, "${path}".`,
      { path },
    );
  }
  const [patch] = withHunks as [StructuredPatch];
  const named = stripPrefix(patch.newFileName) ?? stripPrefix(patch.oldFileName);
  if (named !== undefined && named !== path) {
    throw new FileOpsError(
      'INVALID_PATCH',
      `The patch is for "${named}", not "${path}"; nothing was changed.`,
      { path },
    );
  }
  return patch;
}

function assertCounts(
  hunk: StructuredPatch['hunks'][number],
  number: number,
  header: string,
  path: string,
): void {
  const count = (operations: string) =>
    hunk.lines.filter((line) => operations.includes(line[0] ?? '')).length;
  if (count(' -') !== hunk.oldLines || count(' +') !== hunk.newLines) {
    throw new FileOpsError(
      'INVALID_PATCH',
      `Hunk ${number} (${header}) of the patch for "${path}" has ${count(' -')} old and ${count(' +')} new lines, not the counts its header gives; nothing was changed.`,
      { path, hunk: number },
    );
  }
}

function patchFailed(path: string, number: number, header: string, why: string): FileOpsError {
  return new FileOpsError(
    'PATCH_FAILED',
    `Hunk ${number} (${header}) does not apply to "${path}": ${why}. Nothing was changed; read_file the file and make the patch against it.`,
    { path, hunk: number },
  );
}

// `a/x` and `b/x` as git writes them; `/dev/null` names no file.
function stripPrefix(name: string | undefined): string | undefined {
  if (name === undefined || name === '' || name === '/dev/null') return undefined;
  return name.replace(/^[ab]\//, '').replace(/\t.*$/, '');
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: false };
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

function quoteLine(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 79)}…` : line);
}

function wholeReplacement(oldName: string, newName: string, before: string, after: string): StructuredPatch {
  const old = splitLines(before);
  const next = splitLines(after);
  const lines = [
    ...old.lines.map((line) => `-${line}`),
    ...(old.lines.length > 0 && !old.finalNewline ? ['\\ No newline at end of file'] : []),
    ...next.lines.map((line) => `+${line}`),
    ...(next.lines.length > 0 && !next.finalNewline ? ['\\ No newline at end of file'] : []),
  ];
  return {
    oldFileName: oldName,
    newFileName: newName,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [
      {
        // jsdiff's convention (formatPatch shows an empty range as starting at 0).
        oldStart: 1,
        oldLines: old.lines.length,
        newStart: 1,
        newLines: next.lines.length,
        lines,
      },
    ],
  };
}
