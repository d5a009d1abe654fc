/**
 * The REAL cockpit server (apps/server's `src/main.ts`, demo task mode) as a child process on a
 * free port (PORT=0, never 8766 or 9009) with a temporary SQLite file and one API key: for the tests
 * that need the real wire (the SDK's integration test and the packed tarball's consumer test).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from './global-setup.ts';

/** A running server: its base URL, what it printed so far, and how to stop it. */
export interface RealCockpit {
  readonly baseUrl: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

const repositoryRoot = join(packageRoot, '..', '..');

/** Resolves after `milliseconds`. */
export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Starts the server with `apiKey` and resolves once it serves both `/sse` and `/mcp`.
 *
 * @example
 * const cockpit = await startRealCockpit('test-key');
 * // … new LukhasMCPCockpit(cockpit.baseUrl, 'test-key') …
 * await cockpit.close();
 */
export async function startRealCockpit(apiKey: string): Promise<RealCockpit> {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'cockpit-client-real-server-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LUKHAS_MCP_DB: join(dataDirectory, 'cockpit.db'),
      LUKHAS_MCP_API_KEYS: apiKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(6000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(dataDirectory, { recursive: true, force: true });
  };
  try {
    const exited = new Promise<never>((_resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
    });
    exited.catch(() => undefined);
    const port = await Promise.race([listeningPort(() => output), exited]);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntilReady(baseUrl, apiKey, () => output);
    return { baseUrl, output: () => output, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function listeningPort(output: () => string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const port = /listening on http:\/\/[^\s:]+:(\d+)/.exec(output())?.[1];
    if (port !== undefined) return port;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the server to listen\n${output()}`);
    await sleep(10);
  }
}

/** Waits until the server answers `/sse` with a stream and `/mcp` with its tools. */
async function waitUntilReady(baseUrl: string, apiKey: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const controller = new AbortController();
      const sse = await fetch(`${baseUrl}/sse?topic=*`, {
        headers: { 'X-API-Key': apiKey },
        signal: controller.signal,
      });
      controller.abort();
      const mcp = await fetch(`${baseUrl}/mcp`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'X-API-Key': apiKey,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      const tools = mcp.ok
        ? ((await mcp.json()) as { result?: { tools?: { name: string }[] } }).result?.tools
        : undefined;
      last = `GET /sse → ${sse.status}, tools/list → ${mcp.status} (${tools?.length ?? 0} tools)`;
      if (sse.status === 200 && tools?.some((tool) => tool.name === 'run_eval')) return;
    } catch (error) {
      last = String(error);
    }
    await sleep(250);
  }
  throw new Error(`the cockpit server at ${baseUrl} never served both /sse and /mcp: ${last}\n${output()}`);
}
