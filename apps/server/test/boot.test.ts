import path from 'node:path';
import { createTempDirs, type RunningServerProcess } from '@lukhas/test-kit';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startMainProcess } from './main-process.ts';

const servers: RunningServerProcess[] = [];
const tempDirs = createTempDirs();

afterEach(async () => {
  for (const server of servers.splice(0)) await server.kill();
  tempDirs.removeAll();
});

/** Starts `src/main.ts` as the README's `pnpm start` does and resolves once it listens. */
async function startServer(env: Record<string, string>): Promise<RunningServerProcess> {
  const server = await startMainProcess(env);
  servers.push(server);
  return server;
}

function tempDir(): string {
  return tempDirs.make('cockpit-boot-');
}

// Spawning tsx on a busy 2-core machine can take seconds: a bound for the harness, not a speed check.
describe('server boot', { timeout: 180_000 }, () => {
  it('boots on a fresh file database, migrates it and answers /health from it', async () => {
    const dir = tempDir();
    const databaseFile = path.join(dir, 'cockpit.db');
    const { url, output, child } = await startServer({ LUKHAS_MCP_DB: databaseFile });
    const pid = child.pid;
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', db: { ok: true, writable: true } });
    expect(body.db.skipped).toBeUndefined(); // SQLite runs the file watch and the writability probe
    // This process among replicas: its default id is the host name and its pid.
    expect(body.fleet).toEqual({
      replicaId: expect.stringMatching(/^[A-Za-z0-9_.:-]+-\d+$/),
      database: 'sqlite',
      canariesOwned: 0,
      jobsRunning: 0,
    });
    expect(body.fleet.replicaId).toMatch(new RegExp(`-${pid}$`));
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
    ).rejects.toThrow(/^server exited \(2\):[\s\S]*cannot start: PORT must be a whole number/);
  });
});
