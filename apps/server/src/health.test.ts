import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import type { HealthOptions } from './health.ts';
import { loadSecurityConfig } from './http/index.ts';

const security = loadSecurityConfig({}, { bindHost: '127.0.0.1' });
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
    databaseFile: ':memory:',
    monitor: { mode: 'stub', fallbackSince: () => null },
    sseClients: () => 3,
    ...overrides,
  };
}

describe('GET /health', () => {
  it('reports a writable database, the monitor mode and the SSE client count', async () => {
    const app = createApp({ security, health: await healthOptions() });
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      version: '9.9.9',
      uptimeSeconds: 60,
      db: { ok: true, writable: true, file: ':memory:' },
      sloMonitor: { mode: 'stub', fallback: false, fallbackSince: null },
      sse: { clients: 3 },
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
    expect(body.sloMonitor).toEqual({
      mode: 'prometheus',
      fallback: true,
      fallbackSince: '2025-10-03T14:20:00.000Z',
    });
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
    expect(body.db.writable).toBe(false);
    expect(body.db.error).toEqual(expect.any(String));
  });

  it('answers unknown routes with a 404 that names the route', async () => {
    const app = createApp({ security, health: await healthOptions() });
    const response = await app.request('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no route for GET /nope' });
  });
});
