/**
 * `startServerProcess()`: the cockpit server as a real child process on a port of its choosing,
 * awaited until it prints where it listens (`… listening on http://127.0.0.1:<port>`).
 */
import { type RunningProcess, type StartProcessOptions, startProcess } from './child-process.ts';

/** The line the cockpit prints once it listens; the port is its first group. */
export const LISTENING_LINE = /listening on http:\/\/[^\s:]+:(\d+)/;

/** Options of {@link startServerProcess}: those of `startProcess` but `ready`. */
export type StartServerProcessOptions = Omit<StartProcessOptions, 'ready'>;

/** A listening server process. */
export interface RunningServerProcess extends RunningProcess {
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
}

/**
 * Starts the server entry `script` (set `PORT=0` in `env` to let it pick a port) and resolves once
 * it listens. Rejects with `server exited (<code>):\n<output>` if it exits first.
 *
 * @example
 * const server = await startServerProcess({
 *   script: 'src/main.ts',
 *   env: { ...process.env, PORT: '0', LUKHAS_MCP_DB: databaseFile },
 * });
 * await fetch(`${server.url}/health`);
 * await server.stop();
 */
export async function startServerProcess(options: StartServerProcessOptions): Promise<RunningServerProcess> {
  const running = await startProcess({ name: 'server', ...options, ready: LISTENING_LINE });
  const port = Number(running.ready[1]);
  return { ...running, port, url: `http://127.0.0.1:${port}` };
}
