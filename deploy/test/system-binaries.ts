/**
 * The real Prometheus binaries the tests run (`prometheus`, `promtool`), found on PATH or in
 * /usr/bin. Missing binaries fail the tests with the install command: these tests exist to run
 * against the real thing, so they never skip.
 */
import { execFile } from 'node:child_process';
import { findExecutable } from '@lukhas/test-kit';

/** The binaries of Debian's `prometheus` package. */
export type PrometheusBinary = 'prometheus' | 'promtool';

/** Absolute path of `name` ($PROMETHEUS_BIN / $PROMTOOL_BIN first); throws with the apt-get hint. */
export function findBinary(name: PrometheusBinary): string {
  return findExecutable({
    name,
    envVar: name === 'prometheus' ? 'PROMETHEUS_BIN' : 'PROMTOOL_BIN',
    directories: ['/usr/bin', '/usr/local/bin'],
    install:
      'The deploy tests run the real Prometheus tools: install them with `sudo apt-get update && sudo apt-get install -y prometheus`, then re-run.',
  });
}

/** What a finished command printed and returned. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout then stderr, for assertion messages. */
  readonly output: string;
}

/** Runs `promtool` with `args` in `cwd` and resolves with its result, whatever its exit code. */
export function runPromtool(args: readonly string[], cwd: string): Promise<CommandResult> {
  const promtool = findBinary('promtool');
  return new Promise((resolve, reject) => {
    execFile(promtool, args, { cwd, timeout: 100_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`promtool ${args.join(' ')} did not run: ${error.message}`));
        return;
      }
      const exitCode = typeof error?.code === 'number' ? error.code : 0;
      resolve({ exitCode, stdout, stderr, output: `${stdout}${stderr}` });
    });
  });
}
