/**
 * `read_file`'s `startLine`/`endLine`: the exact text of those lines (with their line breaks), so
 * a client can quote them back in a patch.
 */
import { FileOpsError } from './file-ops-error.ts';

/** The lines asked for, and where they sit in the file. */
export interface LineSlice {
  readonly text: string;
  readonly totalLines: number;
  readonly startLine: number;
  readonly endLine: number;
}

/**
 * Lines `startLine`..`endLine` (1-based, inclusive; `endLine` past the end is cut to the last
 * line) of `text`. Throws `INVALID_LINE_RANGE` for a start past the end or an end before the start.
 *
 * @example sliceLines('a\nb\nc\n', { path: 'x', startLine: 2 }) // { text: 'b\nc\n', totalLines: 3, startLine: 2, endLine: 3 }
 */
export function sliceLines(
  text: string,
  options: {
    readonly path: string;
    readonly startLine?: number | undefined;
    readonly endLine?: number | undefined;
  },
): LineSlice {
  // Offsets where each line starts; a final newline does not open another line.
  const starts = [0];
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < text.length - 1;
    index = text.indexOf('\n', index + 1)
  ) {
    starts.push(index + 1);
  }
  const totalLines = text === '' ? 0 : starts.length;
  const startLine = options.startLine ?? 1;
  const requestedEnd = options.endLine ?? totalLines;
  if (options.startLine === undefined && options.endLine === undefined) {
    return { text, totalLines, startLine: totalLines === 0 ? 0 : 1, endLine: totalLines };
  }
  if (startLine > totalLines || requestedEnd < startLine) {
    throw new FileOpsError(
      'INVALID_LINE_RANGE',
      requestedEnd < startLine
        ? `endLine ${requestedEnd} is before startLine ${startLine}.`
        : `"${options.path}" has ${totalLines} lines; startLine ${startLine} is past its end.`,
      { path: options.path },
    );
  }
  const endLine = Math.min(requestedEnd, totalLines);
  const from = starts[startLine - 1] ?? 0;
  const to = endLine < totalLines ? (starts[endLine] ?? text.length) : text.length;
  return { text: text.slice(from, to), totalLines, startLine, endLine };
}
