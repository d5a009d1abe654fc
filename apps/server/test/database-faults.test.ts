/**
 * The database files going away under a real server (`src/main.ts` in a child process, a real
 * database file): deleted, or its -shm truncated. `/health` must answer 503 with the reason and
 * no path, writes over /mcp must fail with a clear error, the problem must be logged, and the
 * process must stay up. Also: a URL in LUKHAS_MCP_DB is refused at start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const serverDir = path.resolve(import.meta.dirname, '..');
const mainFile = path.join(serverDir, 'src', 'main.ts');
// Absolute, so a child can run from any working directory.
const tsx = createRequire(import.meta.url).resolve('tsx');
const children: ChildProcess[] = [];
const tempDirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface RunningServer {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts main.ts; resolves once it listens, rejects with its output if it exits first. */
function startServer(env: Record<string, string>, cwd = serverDir): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', tsx, mainFile], {
    cwd,
    env: { ...process.env, PORT: '0', LUKHAS_MCP_API_KEYS: 'k1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match?.[1]) resolve({ child, port: Number(match[1]), output: () => output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`server exited (${code ?? signal}):\n${output}`)),
    );
  });
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cockpit-db-faults-'));
  tempDirs.push(dir);
  return dir;
}

/** A bare JSON-RPC tools/call, as the seeds' curl sends it. */
async function callTool(
  port: number,
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError?: boolean; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer k1' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { result: { isError?: boolean; content: { text: string }[] } };
  return { isError: body.result.isError, text: body.result.content.map((part) => part.text).join('\n') };
}

/** The parts of the `/health` body these tests read. */
interface HealthBody {
  readonly status: string;
  readonly db: Record<string, unknown>;
  readonly checks: { readonly db: { readonly detail: string } };
}

async function health(port: number): Promise<{ status: number; text: string; body: HealthBody }> {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as HealthBody };
}

/** Waits for `condition` on the server's output, with a generous bound (a busy 2-core machine). */
/** Resolves once the job has ended (the demo job takes about 1.5 s); rejects after a generous 60 s. */
async function waitForJobEnd(port: number, jobId: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const { text } = await callTool(port, 'get_job', { jobId });
    if (/"status":"(completed|failed|cancelled)"/.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} did not end within 60 s`);
}

async function waitForOutput(server: RunningServer, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!pattern.test(server.output())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the server output:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('database files going away under a running server', { timeout: 120_000 }, () => {
  it('answers 503 with the reason and no path, and refuses writes, once the database file is deleted', async () => {
    const dir = tempDir();
    const databaseFile = path.join(dir, 'cockpit.db');
    const server = await startServer({ LUKHAS_MCP_DB: databaseFile });

    const healthy = await health(server.port);
    expect(healthy.status).toBe(200);
    expect(healthy.body.db).toEqual({ ok: true, writable: true });
    expect(healthy.text).not.toContain(dir);
    const first = await callTool(server.port, 'run_eval', { taskId: 'before-delete' });
    expect(first.isError).toBeUndefined();

    for (const suffix of ['', '-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });

    const down = await health(server.port);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('down');
    expect(down.body.checks.db.detail).toMatch(
      /^database unavailable: the file was deleted while the cockpit ran: writes are refused/,
    );
    expect(down.text).not.toContain(dir);
    const refused = await callTool(server.port, 'run_eval', { taskId: 'after-delete' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/nothing of it was stored: Database .* the file was deleted/);
    expect(refused.text).toContain('[DATABASE_UNAVAILABLE]');
    await waitForOutput(
      server,
      /database: Database \S+cockpit\.db: the file was deleted while the cockpit ran/,
    );
    expect(server.child.exitCode).toBeNull();
  });

  it('logs a truncated -shm and stays up instead of dying of SIGBUS; the next start has every committed write', async () => {
    const dir = tempDir();
    const databaseFile = path.join(dir, 'cockpit.db');
    const server = await startServer({ LUKHAS_MCP_DB: databaseFile });
    const queued = await callTool(server.port, 'run_eval', { taskId: 'before-truncate' });
    const { jobId } = JSON.parse(queued.text) as { jobId: string };
    // Cut the -shm while nothing writes: a cut landing inside a running statement (between the
    // check and SQLite's access) can still crash the process, a window the README documents.
    await waitForJobEnd(server.port, jobId);

    truncateSync(`${databaseFile}-shm`, 0);

    const refused = await callTool(server.port, 'run_eval', { taskId: 'after-truncate' });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('[DATABASE_UNAVAILABLE]');
    expect(refused.text).toContain('touching the database now would crash the process (SIGBUS)');
    const down = await health(server.port);
    expect(down.status).toBe(503);
    expect(down.body.checks.db.detail).toMatch(
      /^database unavailable: its shared-memory index \(-shm\) was truncated/,
    );
    await waitForOutput(
      server,
      /database: Database \S+cockpit\.db: its shared-memory index \(-shm\) was truncated/,
    );
    expect(server.child.exitCode).toBeNull();

    // Shutting down closes the database: that must not touch the cut mapping either.
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const restarted = await startServer({ LUKHAS_MCP_DB: databaseFile });
    expect((await health(restarted.port)).status).toBe(200);
    const stored = await callTool(restarted.port, 'get_job', { jobId });
    expect(stored.isError).toBeUndefined();
    expect(JSON.parse(stored.text)).toMatchObject({ jobId, taskId: 'before-truncate' });
  });

  it('refuses a URL in LUKHAS_MCP_DB at start, naming the variable, without creating anything', async () => {
    const cwd = tempDir();
    const start = startServer({ LUKHAS_MCP_DB: 'postgres://cockpit:s3cret@db.internal:5432/cockpit' }, cwd);
    const failure = (await start.catch((error: Error) => error)) as Error;
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(/^server exited \(2\)/);
    expect(failure.message).toContain(
      'cannot start: LUKHAS_MCP_DB must be a SQLite file path, got a postgres:// URL: a PostgreSQL backend is not built yet',
    );
    expect(failure.message).not.toContain('s3cret');
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(path.join(cwd, 'postgres:'))).toBe(false);
  });
});
