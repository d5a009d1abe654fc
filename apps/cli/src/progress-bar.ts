/** A one-line progress bar on stderr, drawn only when stderr is a terminal (never in pipes or logs). */
import type { CliIo } from './command.ts';

/** Updates and ends the bar; both are no-ops off a terminal. */
export interface ProgressBar {
  update(done: number, label: string): void;
  end(): void;
}

const WIDTH = 24;

/** A bar out of `total` steps (or a byte counter when `total` is undefined). */
export function progressBar(io: Pick<CliIo, 'stderr'>, total: number | undefined): ProgressBar {
  if (io.stderr.isTTY !== true) return { update() {}, end() {} };
  let drawn = false;
  return {
    update(done, label) {
      drawn = true;
      if (total === undefined) {
        io.stderr.write(`\r\x1b[2K${label}`);
        return;
      }
      const filled = Math.round((Math.min(done, total) / total) * WIDTH);
      io.stderr.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} ${label}`,
      );
    },
    end() {
      if (drawn) io.stderr.write('\n');
    },
  };
}

/** Bytes as `1.2 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
