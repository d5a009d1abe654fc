/**
 * The server the benchmark measures, in its own process: the real app (security layer, /health,
 * /mcp) over a temp file database, plus `POST /bench/ceiling`, a plain hono JSON route behind the
 * same middleware that parses the same body and answers a fixed JSON-RPC result: the ceiling.
 * Prints `ready <port> <jobId>` when it listens.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.ts';
import { loadCockpitConfig } from '../src/config/index.ts';
import { openCockpit } from '../src/wiring.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cockpit-bench-'));
const env = {
  ...process.env,
  LUKHAS_MCP_DB: path.join(dir, 'bench.db'),
  LUKHAS_REPO_ROOT: dir,
  HOST: '127.0.0.1',
};
const config = loadCockpitConfig(env, dir);
const cockpit = await openCockpit(config, { demo: { steps: 1, stepMs: 0 } });
await cockpit.recover();
const job = await cockpit.jobs.submit({ taskId: 'bench', configId: 'default' }, 'bench');
await cockpit.jobs.idle();

const app = createApp({
  security: config.security,
  health: {
    version: 'bench',
    startedAt: Date.now(),
    now: Date.now,
    database: cockpit.store,
    monitor: cockpit.monitor,
    sseClients: () => 0,
    fleet: () => ({ replicaId: 'bench', database: 'sqlite', canariesOwned: 0, jobsRunning: 0 }),
  },
  mcp: { cockpit, version: 'bench' },
});
app.post('/bench/ceiling', async (context) => {
  const request = (await context.req.json()) as { id?: number };
  return context.json({
    jsonrpc: '2.0',
    id: request.id ?? null,
    result: { content: [{ type: 'text', text: '{}' }] },
  });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`ready ${(server.address() as AddressInfo).port} ${job.jobId}`);
});
process.once('SIGTERM', () => {
  server.close();
  void cockpit.close().then(() => process.exit(0));
});
