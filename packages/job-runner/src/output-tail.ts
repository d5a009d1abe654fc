/**
 * The last lines of a task's output, bounded both in lines and in UTF-8 bytes, so a failing job
 * can show what it printed last without the cockpit keeping everything it printed.
 */

/** The bounds (defaults: 50 lines, 8 KiB). */
export interface OutputTailOptions {
  readonly maxLines?: number;
  readonly maxBytes?: number;
}

/** A rolling tail. */
export interface OutputTail {
  push(line: string): void;
  /** The kept lines joined with `\n`. */
  text(): string;
  /** The kept lines, oldest first. */
  lines(): readonly string[];
  /** How many lines were dropped to stay within the bounds. */
  dropped(): number;
}

/** Default bounds of a tail. */
export const OUTPUT_TAIL_DEFAULTS = { maxLines: 50, maxBytes: 8 * 1024 } as const;

const encoder = new TextEncoder();

/**
 * A tail that drops its oldest lines first; a single line longer than `maxBytes` keeps its end.
 *
 * @example
 * const stderr = createOutputTail({ maxLines: 50, maxBytes: 8192 });
 * stderr.push('Traceback (most recent call last):');
 * stderr.text();
 */
export function createOutputTail(options: OutputTailOptions = {}): OutputTail {
  const maxLines = Math.max(1, options.maxLines ?? OUTPUT_TAIL_DEFAULTS.maxLines);
  const maxBytes = Math.max(1, options.maxBytes ?? OUTPUT_TAIL_DEFAULTS.maxBytes);
  const kept: { line: string; bytes: number }[] = [];
  let bytes = 0;
  let dropped = 0;

  return {
    push(line) {
      const clipped = clipToBytes(line, maxBytes);
      const size = encoder.encode(clipped).length + 1;
      kept.push({ line: clipped, bytes: size });
      bytes += size;
      while (kept.length > maxLines || (bytes > maxBytes + 1 && kept.length > 1)) {
        const oldest = kept.shift();
        bytes -= oldest?.bytes ?? 0;
        dropped += 1;
      }
    },
    text: () => kept.map((entry) => entry.line).join('\n'),
    lines: () => kept.map((entry) => entry.line),
    dropped: () => dropped,
  };
}

// Keeps the end of an overlong line: with errors, the last words are usually the useful ones.
function clipToBytes(line: string, maxBytes: number): string {
  if (line.length * 3 <= maxBytes || encoder.encode(line).length <= maxBytes) return line;
  const codePoints = Array.from(line);
  let size = encoder.encode('…').length;
  let start = codePoints.length;
  while (start > 0) {
    const next = encoder.encode(codePoints[start - 1] ?? '').length;
    if (size + next > maxBytes) break;
    size += next;
    start -= 1;
  }
  return `…${codePoints.slice(start).join('')}`;
}
