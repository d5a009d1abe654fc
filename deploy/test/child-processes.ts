/**
 * The real processes of the end-to-end test: the cockpit (`apps/server/src/main.ts` as `pnpm start`
 * runs it) and a Prometheus, both on loopback, both stopped (SIGTERM, then SIGKILL) by `stop()` and
 * killed if the test runner exits first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findBinary } from './system-binaries.ts';

/** The repository root (the cockpit runs from there, with the root's tsx). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** A running child process. */
export interface RunningProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything it printed so far (the last 16 kB), for failure messages. */
  output(): string;
  /** SIGTERM, SIGKILL after 5 s; resolves once it exited. Idempotent. */
  stop(): Promise<void>;
}

function track(child: ChildProcess): { output: () => string; stop: () => Promise<void> } {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-16_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Last resort if the runner dies before afterAll: never leave a process behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { output: () => output, stop };
}

/** Starts the cockpit with `env` on a port of its choosing and resolves once it prints where it listens. */
export async function startCockpit(env: Readonly<Record<string, string>>): Promise<RunningProcess> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(PORT|HOST|PROM_|LUKHAS_|MCP_RL_)/.test(name)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...inherited, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, stop } = track(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the cockpit did not start:\n${output()}`)), 120_000);
      const onData = () => {
        const match = /listening on http:\/\/[^:\s]+:(\d+)/.exec(output());
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the cockpit exited with ${code}:\n${output()}`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  readonly configFile: string;
  readonly dataDirectory: string;
}

/** Starts `prometheus` on a free loopback port and resolves once `/-/ready` answers. */
export async function startPrometheus(options: StartPrometheusOptions): Promise<RunningProcess> {
  const binary = findBinary('prometheus');
  const port = await freePort();
  const child = spawn(
    binary,
    [
      `--config.file=${options.configFile}`,
      `--storage.tsdb.path=${options.dataDirectory}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const { output, stop } = track(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `prometheus exited (${child.exitCode ?? child.signalCode}) before ready:\n${output()}`,
        );
      }
      const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return { url, output, stop };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`prometheus not ready after 20 s:\n${output()}`);
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A port free on loopback now (the tiny race before Prometheus binds it is acceptable in a test). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no free port'));
        else resolve(address.port);
      });
    });
  });
}
