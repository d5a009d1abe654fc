import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { parseSecurityConfig } from './config/index.ts';
import type { HealthOptions } from './health.ts';

const security = parseSecurityConfig({}, { bindHost: '127.0.0.1', apiKeys: [] });
const openDatabases: Parameters<typeof closeDatabase>[0][] = [];

afterEach(async () => {
  await Promise.all(openDatabases.splice(0).map((db) => closeDatabase(db)));
});

async function healthOptions(overrides: Partial<HealthOptions> = {}): Promise<HealthOptions> {
  const db = openDatabase({ file: ':memory:' });
  openDatabases.push(db);
  await migrateToLatest(db);
  return {
    version: '9.9.9',
    startedAt: 1_000,
    now: () => 61_000,
    database: createCockpitStore(db),
    monitor: { mode: 'stub', fallbackSince: () => null },
    sseClients: () => 3,
    fleet: () => ({ replicaId: 'cockpit-0', database: 'sqlite', canariesOwned: 2, jobsRunning: 1 }),
    eventLoopLagMs: () => 0,
    ...overrides,
  };
}

describe('GET /health', () => {
  it('reports a writable database, the monitor mode, the event loop lag, the SSE client count and the checks', async () => {
    const app = createApp({ security, health: await healthOptions() });
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      ready: true,
      score: 1,
      version: '9.9.9',
      uptimeSeconds: 60,
      db: { ok: true, writable: true },
      sloMonitor: { mode: 'stub', reachable: true, fallback: false, fallbackSince: null },
      eventLoop: { lagP99Ms: 0, maxLagMs: 1000 },
      sse: { clients: 3 },
      fleet: { replicaId: 'cockpit-0', database: 'sqlite', canariesOwned: 2, jobsRunning: 1 },
      checks: {
        db: { ok: true, required: true, penalty: 0, detail: 'writable' },
        sloMonitor: { ok: true, required: false, penalty: 0, detail: 'stub: samples read' },
        eventLoop: { ok: true, required: true, penalty: 0, detail: 'lag p99 0 ms (503 above 1000 ms)' },
        sse: { ok: true, required: false, penalty: 0, detail: '3 open streams' },
      },
    });
  });

  it('says degraded while the SLO monitor is in fallback', async () => {
    const since = Date.UTC(2025, 9, 3, 14, 20);
    const app = createApp({
      security,
      health: await healthOptions({ monitor: { mode: 'prometheus', fallbackSince: () => since } }),
    });
    const body = await (await app.request('/health')).json();
    expect(body.status).toBe('degraded');
    expect(body.ready).toBe(true);
    expect(body.score).toBe(0.7);
    expect(body.sloMonitor).toEqual({
      mode: 'prometheus',
      reachable: false,
      fallback: true,
      fallbackSince: '2025-10-03T14:20:00.000Z',
    });
    expect(body.checks.sloMonitor).toEqual({
      ok: false,
      required: false,
      penalty: 0.3,
      detail: 'prometheus: every sample a conservative fallback since 2025-10-03T14:20:00.000Z',
    });
  });

  it('takes the event loop lag off the score, degraded above half the limit, 503 above it', async () => {
    const answer = async (lagMs: number, fallbackSince: number | null = null) => {
      const health = await healthOptions({
        eventLoopLagMs: () => lagMs,
        maxEventLoopLagMs: 400,
        monitor: { mode: 'stub', fallbackSince: () => fallbackSince },
      });
      const response = await createApp({ security, health }).request('/health');
      const body = await response.json();
      return { code: response.status, status: body.status, score: body.score, ready: body.ready };
    };
    expect(await answer(40)).toEqual({ code: 200, status: 'ok', score: 0.95, ready: true });
    expect(await answer(200)).toEqual({ code: 200, status: 'ok', score: 0.75, ready: true });
    expect(await answer(240)).toEqual({ code: 200, status: 'degraded', score: 0.7, ready: true });
    expect(await answer(400)).toEqual({ code: 200, status: 'degraded', score: 0.5, ready: true });
    expect(await answer(401)).toEqual({ code: 503, status: 'down', score: 0.5, ready: false });
    expect(await answer(5000, Date.UTC(2025, 9, 3))).toEqual({
      code: 503,
      status: 'down',
      score: 0.2,
      ready: false,
    });
  });

  it('says the lag is not measured when nothing measures it', async () => {
    const health = await healthOptions({ eventLoopLagMs: undefined });
    const body = await (await createApp({ security, health }).request('/health')).json();
    expect(body.checks.eventLoop).toEqual({ ok: true, required: true, penalty: 0, detail: 'not measured' });
  });

  it('answers 503 when the database cannot write', async () => {
    const db = openDatabase({ file: ':memory:' });
    await migrateToLatest(db);
    const store = createCockpitStore(db);
    await closeDatabase(db);
    const app = createApp({ security, health: await healthOptions({ database: store }) });
    const response = await app.request('/health');
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.status).toBe('down');
    expect(body.ready).toBe(false);
    expect(body.score).toBe(0);
    expect(body.db.writable).toBe(false);
    expect(body.db.error).toEqual(expect.any(String));
    expect(body.checks.db).toEqual({ ok: false, required: true, penalty: 1, detail: body.db.error });
  });

  describe('over a database file', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    async function fileHealth(): Promise<{ dir: string; file: string; health: HealthOptions }> {
      const dir = mkdtempSync(path.join(tmpdir(), 'cockpit-health-'));
      dirs.push(dir);
      const file = path.join(dir, 'cockpit.db');
      const db = openDatabase({ file });
      openDatabases.push(db);
      await migrateToLatest(db, { file });
      return { dir, file, health: await healthOptions({ database: createCockpitStore(db) }) };
    }

    it('never shows where the database is, and reads it without writing to it', async () => {
      const { dir, file, health } = await fileHealth();
      const app = createApp({ security, health });
      // data_version moves when another connection commits: /health must not.
      const observer = new BetterSqlite3(file, { readonly: true });
      const version = observer.pragma('data_version', { simple: true });
      for (let call = 0; call < 10; call += 1) {
        const response = await app.request('/health');
        expect(response.status).toBe(200);
        const text = await response.text();
        expect(text).not.toContain(dir);
        expect(JSON.parse(text).db).toEqual({ ok: true, writable: true });
      }
      expect(observer.pragma('data_version', { simple: true })).toBe(version);
      observer.close();
    });

    it('answers 503 with the reason, and no path, once the database file is deleted', async () => {
      const { dir, file, health } = await fileHealth();
      const app = createApp({ security, health });
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      const response = await app.request('/health');
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).not.toContain(dir);
      const body = JSON.parse(text);
      expect(body).toMatchObject({ status: 'down', ready: false, score: 0 });
      expect(body.db).toEqual({ ok: false, writable: false, error: body.checks.db.detail });
      expect(body.checks.db.detail).toMatch(
        /^database unavailable: the file was deleted while the cockpit ran: writes are refused/,
      );
    });
  });

  it('answers unknown routes with a 404 that names the route', async () => {
    const app = createApp({ security, health: await healthOptions() });
    const response = await app.request('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no route for GET /nope' });
  });
});
