/**
 * The seeds' own commands, verbatim, with the paths they name: `node scripts/export_narratives.js`,
 * `node tools/replay_window.js`, `node mcp-streamable.mjs`, `python -m http.server … -d docs/mcp/`
 * for the SSE probe page (served from another origin, in a real Chromium), and a script that
 * imports `./dashboard/sseClient.js`. Each runs in a temp folder that links to the checkout's
 * files, so the outputs (`ops-evidence.zip`, `replay-1400.html`) and the database stay out of it.
 * Only the ports differ from the seeds (free ones instead of 8766 and 3000).
 */
import { execFile, spawn } from 'node:child_process';
import { copyFile, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  createTempDirs,
  freePort,
  launchChromium,
  openWatchedPage,
  type RunningServerProcess,
  startServerProcess,
  type TrackedProcess,
  trackProcess,
  waitFor,
} from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filledDatabase, REPO_ROOT } from './cockpit-fixture.ts';

const run = promisify(execFile);
const tempDirs = createTempDirs();
let dir: string;
/** The environment of a user who set nothing: no database path, no Prometheus. */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['LUKHAS_MCP_DB', 'PROM_URL', 'LUKHAS_MCP_API_KEYS', 'LUKHAS_REPO_ROOT'])
    delete env[name];
  return env;
}

beforeAll(async () => {
  dir = tempDirs.make('cockpit-seed-paths-');
  const filled = await filledDatabase();
  // The seeds' commands use the default database, ./lukhas-mcp.db.
  await copyFile(filled.file, path.join(dir, 'lukhas-mcp.db'));
  for (const name of ['scripts', 'tools', 'configs', 'docs', 'dashboard', 'mcp-streamable.mjs']) {
    await symlink(path.join(REPO_ROOT, name), path.join(dir, name));
  }
});

afterAll(() => tempDirs.removeAll());

/** Runs a seed's command line (split as a shell would) in the temp folder; never rejects. */
async function seedCommand(line: readonly string[]) {
  const [program, ...args] = line as [string, ...string[]];
  try {
    const { stdout, stderr } = await run(program, args, { cwd: dir, env: plainEnv() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe("the seeds' CLI paths", () => {
  it('node scripts/export_narratives.js --from 30d --out ops-evidence.zip writes a verifiable pack', async () => {
    const result = await seedCommand([
      'node',
      'scripts/export_narratives.js',
      '--from',
      '30d',
      '--out',
      'ops-evidence.zip',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const listing = await run('unzip', ['-l', path.join(dir, 'ops-evidence.zip')]);
    expect(listing.stdout).toContain('narrative.txt');
    expect(listing.stdout).toContain('SHA256SUMS');
  });

  it('node tools/replay_window.js … --report replay-1400.html re-judges the seed window', async () => {
    const result = await seedCommand([
      'node',
      'tools/replay_window.js',
      '--from',
      '2025-09-28T14:00:00Z',
      '--to',
      '2025-09-28T15:00:00Z',
      '--model',
      'matriz-v3',
      '--policy',
      'configs/slo-prod.json',
      '--report',
      'replay-1400.html',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^canary_strict {2}actual rolled_back \(breach_limit\) {2}replay /m);
    const report = await readFile(path.join(dir, 'replay-1400.html'), 'utf8');
    expect(report).toContain('canary_strict');
  });

  it('a window with no samples says on which dates the model has recorded canaries', async () => {
    const result = await seedCommand([
      'node',
      'tools/replay_window.js',
      '--from',
      '2025-10-03T14:00:00Z',
      '--to',
      '2025-10-03T15:00:00Z',
      '--model',
      'matriz-v3',
      '--policy',
      'configs/slo-prod.json',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'no canary of matriz-v3 has samples in 2025-10-03T14:00:00.000Z … 2025-10-03T15:00:00.000Z; ' +
        'canaries of matriz-v3 are recorded on 2025-09-28 (1) (UTC start dates)',
    );
  });
});

describe("the seeds' server, probe page and client paths", () => {
  let server: RunningServerProcess;
  let probeHost: string;
  let probeServer: TrackedProcess | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

  beforeAll(async () => {
    const probePort = await freePort();
    probeHost = `http://127.0.0.1:${probePort}`;
    // `PORT=8766 node mcp-streamable.mjs`, on a free port, allowing the probe page's origin.
    server = await startServerProcess({
      script: 'mcp-streamable.mjs',
      cwd: dir,
      env: { ...plainEnv(), PORT: '0', LUKHAS_CORS_ORIGINS: probeHost },
    });
    // `python -m http.server 3000 -d docs/mcp/`, on a free port.
    probeServer = trackProcess(
      spawn('python', ['-m', 'http.server', String(probePort), '--bind', '127.0.0.1', '-d', 'docs/mcp/'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    await waitFor(
      async () => (await fetch(`${probeHost}/sse_probe.html`).catch(() => undefined))?.ok === true,
      { message: `python -m http.server on ${probeHost}` },
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await probeServer?.stop();
  });

  it('node mcp-streamable.mjs serves the cockpit with the seeds’ variables', async () => {
    const health = (await (await fetch(`${server.url}/health`)).json()) as {
      status: string;
      sloMonitor: { mode: string };
    };
    expect(health.status).toBe('ok');
    expect(health.sloMonitor.mode).toBe('stub'); // PROM_URL unset: the stub adapter, as the seed says
  });

  it('docs/mcp/sse_probe.html, served from another origin, shows live events of the cockpit', async () => {
    const problems: string[] = [];
    const { page } = await openWatchedPage(
      browser as NonNullable<typeof browser>,
      `${probeHost}/sse_probe.html?server=${encodeURIComponent(server.url)}`,
      { problems },
    );
    await page.waitForSelector('#probe-state[data-state="closed"]');
    expect(await page.inputValue('#probe-url')).toBe(server.url);
    await page.click('#probe-connect');
    await page.waitForSelector('#probe-state[data-state="open"]');
    await runEval(server.url);
    await page.waitForSelector('#probe-log li[data-type="completed"]', { timeout: 60_000 });
    const raw = await page.textContent('#probe-log');
    expect(raw).toContain('"type":"queued"');
    expect(problems).toEqual([]);
  });

  it('import { LukhasMCPCockpit } from "./dashboard/sseClient.js" follows a job to its end', async () => {
    const script = path.join(dir, 'frontend.mjs');
    await writeFile(
      script,
      [
        "import { LukhasMCPCockpit } from './dashboard/sseClient.js';",
        `const cockpit = new LukhasMCPCockpit(${JSON.stringify(server.url)});`,
        "cockpit.on('completed', (event) => { console.log(event.narrative); cockpit.close(); });",
        "cockpit.subscribe('*');",
        "await cockpit.runEval({ taskId: 'demo', configId: 'default' });",
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, [script], { cwd: dir, timeout: 60_000 });
    expect(stdout).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d\] job_\w+ → completed/m);
  });
});

async function runEval(url: string): Promise<void> {
  const response = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'run_eval', arguments: { taskId: 'demo', configId: 'default' } },
    }),
  });
  expect(response.status).toBe(200);
}
