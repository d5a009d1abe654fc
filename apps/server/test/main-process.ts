/**
 * `src/main.ts` as `pnpm start` runs it: a real process on a port of its choosing (PORT=0), for
 * the tests of what only a whole process shows (boot, exit codes, signals, database files going
 * away, the probe and the client SDK over the real wire).
 */
import path from 'node:path';
import { type RunningServerProcess, startServerProcess } from '@lukhas/test-kit';

/** This app's folder. */
export const SERVER_DIR = path.resolve(import.meta.dirname, '..');

/** The process entry, absolute, so the server can run from any working directory. */
export const MAIN_FILE = path.join(SERVER_DIR, 'src', 'main.ts');

/** Options of {@link startMainProcess}. */
export interface MainProcessOptions {
  /** Its working directory (default this app's folder). */
  readonly cwd?: string;
  /** Node's own flags (`--max-old-space-size=128`). */
  readonly nodeOptions?: readonly string[];
}

/**
 * Starts `src/main.ts` with this process's environment, `PORT=0` and `env`, and resolves once it
 * listens; rejects with `server exited (<code>):` and its output if it exits first.
 *
 * @example
 * const server = await startMainProcess({ LUKHAS_MCP_DB: databaseFile });
 * await fetch(`${server.url}/health`);
 * await server.stop();
 */
export function startMainProcess(
  env: Readonly<Record<string, string>> = {},
  options: MainProcessOptions = {},
): Promise<RunningServerProcess> {
  return startServerProcess({
    script: MAIN_FILE,
    cwd: options.cwd ?? SERVER_DIR,
    env: { ...process.env, PORT: '0', ...env },
    ...(options.nodeOptions === undefined ? {} : { nodeOptions: options.nodeOptions }),
  });
}
