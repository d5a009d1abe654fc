import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

const serverDir = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const tempDirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts `src/main.ts` as the README's `pnpm start` does and resolves with the port it printed. */
function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cockpit-boot-'));
  tempDirs.push(dir);
  return dir;
}

// Spawning tsx on a busy 2-core machine can take seconds: a bound for the harness, not a speed check.
describe('server boot', { timeout: 180_000 }, () => {
  it('boots on a fresh file database, migrates it and answers /health from it', async () => {
    const dir = tempDir();
    const databaseFile = path.join(dir, 'cockpit.db');
    const { port, output } = await startServer({ LUKHAS_MCP_DB: databaseFile });
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', db: { ok: true, writable: true } });
    // Public: whether the database works, never where it is.
    expect(JSON.stringify(body)).not.toContain(dir);
    expect(body.sloMonitor.mode).toBe('stub');
    expect(output()).toContain('WARNING: no LUKHAS_MCP_API_KEYS');

    const db = new Database(databaseFile, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    db.close();
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['jobs', 'canaries', 'canary_metrics', 'audits', 'audits_narrative', 'events']),
    );
  });

  it('refuses a bad PORT with exit code 2 and a message', async () => {
    await expect(
      startServer({ PORT: 'eighty', LUKHAS_MCP_DB: path.join(tempDir(), 'x.db') }),
    ).rejects.toThrow(/exited with 2:[\s\S]*cannot start: PORT must be a whole number/);
  });
});
