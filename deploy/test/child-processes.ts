/**
 * The real processes of the end-to-end test: the cockpit (the process entry `@lukhas/server`
 * declares, `./main`, as `pnpm start` runs it) and a Prometheus, both on loopback, both stopped
 * (SIGTERM, then SIGKILL) by `stop()` and killed if the test runner exits first.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort, startServerProcess, trackProcess, waitFor } from '@lukhas/test-kit';
import { findBinary } from './system-binaries.ts';

/** The repository root (the cockpit runs from there, as `pnpm start` does). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** The cockpit's process entry, resolved through its package (never a path into the app). */
const COCKPIT_MAIN = createRequire(import.meta.url).resolve('@lukhas/server/main');

/** A running child process. */
export interface RunningProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  /** SIGTERM, SIGKILL after 5 s; resolves once it exited. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the cockpit with `env` on a port of its choosing and resolves once it prints where it listens. */
export async function startCockpit(env: Readonly<Record<string, string>>): Promise<RunningProcess> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(PORT|HOST|PROM_|LUKHAS_|MCP_RL_)/.test(name)),
  );
  const cockpit = await startServerProcess({
    script: COCKPIT_MAIN,
    cwd: REPO_ROOT,
    env: { ...inherited, PORT: '0', ...env },
    name: 'the cockpit',
  });
  return { url: cockpit.url, output: cockpit.output, stop: () => cockpit.stop() };
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
  const prometheus = trackProcess(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `prometheus exited (${child.exitCode ?? child.signalCode}) before ready:\n${prometheus.output()}`,
          );
        }
        return fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then(
          (response) => response.ok,
          () => false,
        );
      },
      {
        timeoutMs: 20_000,
        intervalMs: 100,
        message: () => `prometheus to be ready:\n${prometheus.output()}`,
      },
    );
    return { url, output: prometheus.output, stop: () => prometheus.stop() };
  } catch (error) {
    await prometheus.stop();
    throw error;
  }
}
