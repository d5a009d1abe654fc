/**
 * Turns a stream of text chunks into lines, whatever the chunk boundaries, with a bounded buffer.
 */

/** What to do with each line, and how long one may grow. */
export interface LineSplitterOptions {
  readonly onLine: (line: string) => void;
  /** A longer run without a newline is emitted as a line of this length (default 1 MiB of text). */
  readonly maxLineLength?: number;
}

/** Accepts chunks; `end()` emits the last unterminated line. */
export interface LineSplitter {
  push(chunk: string): void;
  end(): void;
}

/**
 * A splitter on `\n` (a trailing `\r` is dropped).
 *
 * @example
 * const splitter = createLineSplitter({ onLine: (line) => lines.push(line) });
 * child.stdout.on('data', (chunk) => splitter.push(chunk));
 * child.stdout.on('end', () => splitter.end());
 */
export function createLineSplitter(options: LineSplitterOptions): LineSplitter {
  const maxLineLength = options.maxLineLength ?? 1024 * 1024;
  let buffer = '';

  function emit(line: string): void {
    options.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  return {
    push(chunk) {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        emit(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      // A task that never ends its line must not grow memory without bound.
      while (buffer.length > maxLineLength) {
        emit(buffer.slice(0, maxLineLength));
        buffer = buffer.slice(maxLineLength);
      }
    },
    end() {
      if (buffer.length > 0) emit(buffer);
      buffer = '';
    },
  };
}
