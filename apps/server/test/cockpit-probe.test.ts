/**
 * `scripts/cockpit-probe.mjs`, the CI probe, run as a child process against `src/main.ts` as a
 * real process, and `.github/workflows/cockpit-probe.yml`, the schedule that runs it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTempDirs, type RunningServerProcess } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVER_DIR, startMainProcess } from './main-process.ts';

const repoRoot = path.resolve(SERVER_DIR, '../..');
const probeScript = path.join(repoRoot, 'scripts/cockpit-probe.mjs');
const workflowFile = path.join(repoRoot, '.github/workflows/cockpit-probe.yml');
const API_KEY = 'probe-test-key';

/** The part of the script's exports the tests use (it is plain JS, imported by URL). */
interface ProbeModule {
  verifyEvidenceZip(zip: Buffer): number;
  readZipEntries(zip: Buffer): Map<string, Buffer>;
}

const tempDirs = createTempDirs();
const servers: RunningServerProcess[] = [];

/** Boots `src/main.ts` on PORT=0 with a temp database; resolves once it prints its port. */
async function startServer(env: Record<string, string> = {}): Promise<RunningServerProcess> {
  const dir = tempDirs.make('cockpit-probe-');
  const server = await startMainProcess({
    HOST: '127.0.0.1',
    LUKHAS_MCP_DB: path.join(dir, 'cockpit.db'),
    ...env,
  });
  servers.push(server);
  return server;
}

/** Runs the probe script; resolves with its exit code and output (never rejects on exit 1/2). */
function runProbe(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const cleanEnv = { ...process.env, ...env };
    if (!('COCKPIT_KEY' in env)) delete cleanEnv.COCKPIT_KEY;
    if (!('COCKPIT_URL' in env)) delete cleanEnv.COCKPIT_URL;
    execFile(
      process.execPath,
      [probeScript, ...args],
      { env: cleanEnv, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function loadProbeModule(): Promise<ProbeModule> {
  return (await import(pathToFileURL(probeScript).href)) as ProbeModule;
}

const STEP_NAMES = ['initialize', 'tools/list', 'run_eval', 'sse', 'evidence', 'health'];

let keyed: RunningServerProcess;
let open: RunningServerProcess;

beforeAll(async () => {
  [keyed, open] = await Promise.all([startServer({ LUKHAS_MCP_API_KEYS: API_KEY }), startServer()]);
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill()));
  tempDirs.removeAll();
}, 30_000);

describe('scripts/cockpit-probe.mjs against a real server', { timeout: 180_000 }, () => {
  it('passes every step with an API key: exit 0 and six ✓ lines', async () => {
    const result = await runProbe(['--url', keyed.url, '--key', API_KEY, '--timeout', '60']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const step of STEP_NAMES)
      expect(result.stdout).toMatch(new RegExp(`^✓ ${step}: .*\\(\\d+ ms\\)$`, 'm'));
    expect(result.stdout).toContain('✓ initialize: protocolVersion 2025-11-25, mcp-cockpit');
    expect(result.stdout).toContain('✓ sse: queued → running → completed');
    expect(result.stdout).toMatch(/✓ evidence: 7 files match SHA256SUMS/);
    expect(result.stdout).not.toContain('✗');
  });

  it('passes without keys on an open server, reading COCKPIT_URL', async () => {
    const result = await runProbe([], { COCKPIT_URL: open.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`probing ${open.url}`);
    expect(result.stdout.match(/^✓ /gm)).toHaveLength(STEP_NAMES.length);
  });

  it('fails with a wrong key: exit 1, ✗ lines that say 401', async () => {
    const result = await runProbe(['--url', keyed.url], { COCKPIT_KEY: 'not-the-key' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ initialize: HTTP 401: .*API key/m);
    expect(result.stdout).toContain('✗ sse: skipped: run_eval gave no jobId');
    expect(result.stdout).toContain('FAILED: initialize, tools/list, run_eval, sse, evidence');
  });

  it('fails against a stopped server: exit 1, every step ✗ with ECONNREFUSED', async () => {
    const stopped = await startServer();
    await stopped.kill();
    const result = await runProbe(['--url', stopped.url, '--timeout', '5']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ initialize: fetch failed: ECONNREFUSED/m);
    expect(result.stdout).toMatch(/^✗ health: fetch failed: ECONNREFUSED/m);
    expect(result.stdout).not.toMatch(/^✓ /m);
  });

  it('answers bad usage with exit 2 and the usage text, --help with exit 0', async () => {
    for (const args of [['--bogus'], ['--url', 'not a url'], ['--timeout', '0'], ['--key']]) {
      const result = await runProbe(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^cockpit-probe: .+\n\nUsage: node scripts\/cockpit-probe\.mjs/);
    }
    const help = await runProbe(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      'Exit status: 0 when every step passes, 1 when any fails, 2 for bad usage.',
    );
  });
});

/** A zip of stored (uncompressed) entries: enough to hand the verifier a pack that lies. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the probe’s zip verification', { timeout: 30_000 }, () => {
  it('verifies a pack from the real export: deflated entries, every hash matched', async () => {
    const response = await fetch(`${open.url}/evidence/export?from=1h`);
    expect(response.status).toBe(200);
    const zip = Buffer.from(await response.arrayBuffer());
    const probe = await loadProbeModule();
    const entries = probe.readZipEntries(zip);
    expect([...entries.keys()]).toEqual([
      'audits.json',
      'audits.csv',
      'narrative.txt',
      'canary-samples.csv',
      'decisions.json',
      'file-changes.json',
      'meta.json',
      'SHA256SUMS',
    ]);
    expect(JSON.parse(entries.get('meta.json')?.toString() ?? '')).toHaveProperty('files');
    expect(probe.verifyEvidenceZip(zip)).toBe(7);
  });

  it('refuses a hash mismatch, an unlisted file, a missing SHA256SUMS and a non-zip', async () => {
    const probe = await loadProbeModule();
    expect(
      probe.verifyEvidenceZip(storedZip({ 'a.txt': 'hello', SHA256SUMS: `${sha256('hello')}  a.txt\n` })),
    ).toBe(1);
    expect(() =>
      probe.verifyEvidenceZip(storedZip({ 'a.txt': 'hellO', SHA256SUMS: `${sha256('hello')}  a.txt\n` })),
    ).toThrow(/^a\.txt: sha256 [0-9a-f]{64}, SHA256SUMS says/);
    expect(() =>
      probe.verifyEvidenceZip(
        storedZip({ 'a.txt': 'x', 'b.txt': 'y', SHA256SUMS: `${sha256('x')}  a.txt\n` }),
      ),
    ).toThrow('not in SHA256SUMS: b.txt');
    expect(() => probe.verifyEvidenceZip(storedZip({ 'a.txt': 'x' }))).toThrow(/no SHA256SUMS/);
    expect(() => probe.verifyEvidenceZip(Buffer.from('not a zip at all, just text'))).toThrow(/not a zip/);
  });
});

describe('.github/workflows/cockpit-probe.yml', () => {
  const workflow = parse(readFileSync(workflowFile, 'utf8'));

  it('runs every 30 minutes and on demand', () => {
    expect(workflow.on.schedule).toEqual([{ cron: '*/30 * * * *' }]);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  it('installs, boots the server, waits for /health, runs the probe script and keeps the log on failure', () => {
    const steps: { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[] =
      workflow.jobs.probe.steps;
    const runs = steps.map((step) => step.run ?? '').join('\n');
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(
      20,
    );
    expect(runs).toContain('npx -y pnpm@10.34.9 install');
    expect(runs).toMatch(/LUKHAS_MCP_DB="\$RUNNER_TEMP\/cockpit\.db" LUKHAS_MCP_API_KEYS="\$COCKPIT_KEY"/);
    expect(runs).toContain('npx -y pnpm@10.34.9 start');
    expect(runs).toContain('/health');
    expect(runs).toContain('node scripts/cockpit-probe.mjs --url "$COCKPIT_URL" --key "$COCKPIT_KEY"');
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('failure()');
    expect(String(upload?.with?.path)).toContain('cockpit.log');
  });
});
