/**
 * The database files going away under a real server (`src/main.ts` in a child process, a real
 * database file): deleted, or its -shm truncated. `/health` must answer 503 with the reason and
 * no path, writes over /mcp must fail with a clear error, the problem must be logged, and the
 * process must stay up. Also: a malformed or non-PostgreSQL URL in LUKHAS_MCP_DB is refused at start.
 */
import { existsSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { createTempDirs, type RunningServerProcess, waitFor } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { startMainProcess } from './main-process.ts';

const servers: RunningServerProcess[] = [];
const tempDirs = createTempDirs();

afterEach(async () => {
  for (const server of servers.splice(0)) await server.kill();
  tempDirs.removeAll();
});

/** Starts main.ts with the key k1; resolves once it listens, rejects with its output if it exits first. */
async function startServer(env: Record<string, string>, cwd?: string): Promise<RunningServerProcess> {
  const server = await startMainProcess(
    { LUKHAS_MCP_API_KEYS: 'k1', ...env },
    cwd === undefined ? {} : { cwd },
  );
  servers.push(server);
  return server;
}

function tempDir(): string {
  return tempDirs.make('cockpit-db-faults-');
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

/** Resolves once the job has ended (the demo job takes about 1.5 s); rejects after a generous 60 s. */
async function waitForJobEnd(port: number, jobId: string): Promise<void> {
  await waitFor(
    async () =>
      /"status":"(completed|failed|cancelled)"/.test((await callTool(port, 'get_job', { jobId })).text),
    { timeoutMs: 60_000, intervalMs: 100, message: `job ${jobId} to end` },
  );
}

/** Waits for `pattern` in the server's output, with a generous bound (a busy 2-core machine). */
async function waitForOutput(server: RunningServerProcess, pattern: RegExp): Promise<void> {
  await waitFor(() => pattern.test(server.output()), {
    intervalMs: 50,
    message: () => `${pattern} in the server output:\n${server.output()}`,
  });
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

  // postgres:// now selects PostgreSQL (test/postgres-server.test.ts); a malformed one, or a URL of
  // another scheme, is still refused before anything exists.
  it.each([
    [
      'a malformed postgres:// URL',
      'postgres://cockpit:s3cret@db.internal:5432/',
      'cannot start: LUKHAS_MCP_DB: Not a usable PostgreSQL URL (postgres://cockpit:***@db.internal:5432/): it must name one database',
    ],
    [
      'a URL of another scheme',
      'mysql://cockpit:s3cret@db.internal:3306/cockpit',
      'cannot start: LUKHAS_MCP_DB must be a SQLite file path or a postgres:// URL, got a mysql:// URL',
    ],
  ])(
    'refuses %s in LUKHAS_MCP_DB at start, naming the variable, without creating anything',
    async (_what, url, said) => {
      const cwd = tempDir();
      const start = startServer({ LUKHAS_MCP_DB: url }, cwd);
      const failure = (await start.catch((error: Error) => error)) as Error;
      expect(failure).toBeInstanceOf(Error);
      expect(failure.message).toMatch(/^server exited \(2\)/);
      expect(failure.message).toContain(said);
      expect(failure.message).not.toContain('s3cret');
      expect(readdirSync(cwd)).toEqual([]);
      expect(existsSync(path.join(cwd, 'postgres:'))).toBe(false);
    },
  );
});
