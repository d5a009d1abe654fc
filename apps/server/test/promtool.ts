/**
 * `promtool check metrics` on a text exposition, the real binary (Debian package `prometheus`):
 * never skipped, a missing promtool fails with the command that installs it.
 */
import { spawnSync } from 'node:child_process';

/** What promtool said: exit status and its output (lint problems, one per line). */
export interface PromtoolVerdict {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Pipes `text` through `promtool check metrics`.
 *
 * @example
 * expect(promtoolCheckMetrics(await response.text())).toEqual({ status: 0, output: '' });
 */
export function promtoolCheckMetrics(text: string): PromtoolVerdict {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
  if (run.error !== undefined) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'promtool is not installed; it comes with the Debian package prometheus: ' +
            'sudo apt-get update && sudo apt-get install -y prometheus (pnpm test runs scripts/ensure-system-deps.mjs, which does it)'
        : `promtool check metrics could not run: ${run.error.message}`,
    );
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
