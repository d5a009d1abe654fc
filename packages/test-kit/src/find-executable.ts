/**
 * `findExecutable()`: the real program a test harness runs (HAProxy, Prometheus, promtool), found
 * the same way by each: an environment override, else PATH and a few system folders. A missing
 * program fails the tests with how to install it: these harnesses exist to run the real thing, so
 * they never skip.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What to look for, where, and what to say when it is missing. */
export interface FindExecutableOptions {
  /** The file name: `haproxy`. */
  readonly name: string;
  /** The environment variable whose path is used instead of any search: `HAPROXY_BIN`. */
  readonly envVar: string;
  /** Searched after PATH, in order: `['/usr/sbin', '/usr/bin']`. */
  readonly directories: readonly string[];
  /** The sentence after "not found": what needs it and the install command. */
  readonly install: string;
}

/**
 * The absolute path of an executable; throws naming where it looked and `install`.
 *
 * @example
 * const haproxy = findExecutable({
 *   name: 'haproxy',
 *   envVar: 'HAPROXY_BIN',
 *   directories: ['/usr/sbin', '/usr/bin'],
 *   install: 'These tests need a real HAProxy: install it with `apt-get install -y haproxy`, then re-run.',
 * });
 */
export function findExecutable(options: FindExecutableOptions): string {
  const override = process.env[options.envVar];
  const directories = [...(process.env.PATH ?? '').split(delimiter), ...options.directories];
  const candidates = override
    ? [override]
    : directories.filter((directory) => directory !== '').map((directory) => join(directory, options.name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Try the next directory.
    }
  }
  const searched = override ?? ['PATH', ...options.directories].join(', ');
  throw new Error(`The ${options.name} binary was not found (${searched}). ${options.install}`);
}
