/**
 * The server the benchmark measures, in its own process: the real app (security layer, /health,
 * /mcp) over a temp file database, plus `POST /bench/ceiling`, a plain hono JSON route behind the
 * same middleware that parses the same body and answers a fixed JSON-RPC result: the ceiling.
 * A second listener serves the same cockpit with the direct path of `/mcp` off (every call through
 * the SDK's per-request server). Prints `ready <port> <jobId> <sdkPort>` when both listen.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from '../src/app.ts';
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

const appOptions = (directToolCalls: boolean): AppOptions => ({
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
  mcp: { cockpit, version: 'bench', directToolCalls },
});
const app = createApp(appOptions(true));
// The same cockpit with the direct path off: every call through the SDK's per-request server.
const sdkApp = createApp(appOptions(false));
// The same answer as `tools/call get_job` (the job read from the same store, its JSON as text and
// as structuredContent) from a plain route: what the MCP layer adds on top of the tool's own work.
app.post('/bench/get-job', async (context) => {
  const request = (await context.req.json()) as { id?: number; params?: { arguments?: { jobId?: string } } };
  const job = await cockpit.store.getJob(request.params?.arguments?.jobId ?? '');
  if (job === undefined) return context.json({ error: 'no such job' }, 404);
  return context.json({
    jsonrpc: '2.0',
    id: request.id ?? null,
    result: { content: [{ type: 'text', text: JSON.stringify(job) }], structuredContent: job },
  });
});
app.post('/bench/ceiling', async (context) => {
  const request = (await context.req.json()) as { id?: number };
  return context.json({
    jsonrpc: '2.0',
    id: request.id ?? null,
    result: { content: [{ type: 'text', text: '{}' }] },
  });
});

const listening = (fetch: typeof app.fetch) =>
  new Promise<ReturnType<typeof serve>>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
  });
const server = await listening(app.fetch);
const sdkServer = await listening(sdkApp.fetch);
const portOf = (listener: ReturnType<typeof serve>) => (listener.address() as AddressInfo).port;
console.log(`ready ${portOf(server)} ${job.jobId} ${portOf(sdkServer)}`);
process.once('SIGTERM', () => {
  server.close();
  sdkServer.close();
  void cockpit.close().then(() => process.exit(0));
});
