/**
 * `cockpit promote` against a real cockpit: `cockpit serve` as a child process (temp SQLite file,
 * an API key and a read-only one, the stub SLO monitor's healthy samples, no traffic router), canaries started through
 * the client SDK, and the real CLI spawned for each promotion.
 */
import path from 'node:path';
import { CockpitTools, type StartCanaryArguments } from '@lukhas/mcp-cockpit-client';
import { createTempDirs, type RunningServerProcess, startServerProcess, waitFor } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DIR, cockpit } from './cockpit-fixture.ts';

const API_KEY = 'cli-promote-key';
const READ_KEY = 'cli-read-key';
const tempDirs = createTempDirs();
let server: RunningServerProcess;
let tools: CockpitTools;

beforeAll(async () => {
  const dir = tempDirs.make('cockpit-cli-promote-');
  const { PROM_URL: _prometheus, ...env } = process.env;
  server = await startServerProcess({
    script: path.join(CLI_DIR, 'src/main.ts'),
    args: ['serve'],
    cwd: dir,
    env: {
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      LUKHAS_MCP_DB: path.join(dir, 'cockpit.db'),
      LUKHAS_MCP_API_KEYS: `${API_KEY},${READ_KEY}:read`,
      // Samples every 0.2 s: the shortest interval the server allows must admit it.
      LUKHAS_MIN_INTERVAL_MS: '100',
    },
  });
  tools = new CockpitTools(server.url, API_KEY);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  tempDirs.removeAll();
});

async function startCanary(modelId: string, steps?: StartCanaryArguments['steps']): Promise<string> {
  const canary = await tools.startCanary({
    modelId,
    fromGate: 'stage',
    toGate: 'production',
    windowSeconds: 600,
    intervalSeconds: 0.2,
    targets: { latency_p95_ms: 500, max_error_rate: 0.05 },
    ...(steps === undefined ? {} : { steps }),
  });
  return canary.canaryId;
}

async function waitPaused(canaryId: string, weight: number): Promise<void> {
  await waitFor(
    async () => {
      const canary = await tools.getCanary({ canaryId });
      return canary.status === 'paused' && canary.traffic?.weight === weight;
    },
    { timeoutMs: 30_000, message: `canary ${canaryId} paused at ${weight}%` },
  );
}

const flags = () => ['--url', server.url, '--key', API_KEY];

// Each case spawns the CLI (tsx compiles it) several times on a machine other tests share.
describe('cockpit promote', { timeout: 120_000 }, () => {
  it('resumes a paused canary to its next pause, then --full promotes it at once (exit 0)', async () => {
    const steps = [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }, { setWeight: 100 }];
    const canaryId = await startCanary('cli-ladder', steps);
    await waitPaused(canaryId, 20);

    const resumed = await cockpit(['promote', canaryId, ...flags()]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      new RegExp(`^${canaryId} (running|paused): 60% to production, step 4 of 5\\n$`),
    );
    await waitPaused(canaryId, 60);

    // The server and key from the environment, as the README says.
    const full = await cockpit(['promote', canaryId, '--full', '--json'], {
      env: { LUKHAS_MCP_URL: server.url, LUKHAS_MCP_API_KEY: API_KEY },
    });
    expect(full.code).toBe(0);
    const record = JSON.parse(full.stdout) as { status: string; decision: { rule: string } };
    expect(record).toMatchObject({ status: 'promoted', decision: { rule: 'steps_completed' } });
    const decided = await tools.getCanary({ canaryId });
    expect(decided.traffic).toMatchObject({ weight: 100 });
    expect(decided.traffic?.promotions.map((promotion) => promotion.full)).toEqual([false, true]);

    const again = await cockpit(['promote', canaryId, ...flags()]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(new RegExp(`^cockpit: cannot promote "${canaryId}": .*decided`));
  });

  it('prints where the canary stands after a promotion that finishes it', async () => {
    const canaryId = await startCanary('cli-last-pause', [
      { setWeight: 50 },
      { pause: {} },
      { setWeight: 100 },
    ]);
    await waitPaused(canaryId, 50);
    const result = await cockpit(['promote', canaryId, ...flags()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^${canaryId} promoted: 100% to production, all 3 steps done \\(steps_completed: .+\\)\\n$`),
    );
  });

  it('refuses a canary that is not paused and an unknown one with exit 1 and the reason', async () => {
    const running = await startCanary('cli-no-steps');
    const notPaused = await cockpit(['promote', running, ...flags()]);
    expect(notPaused.code).toBe(1);
    expect(notPaused.stderr).toContain(`cockpit: cannot promote "${running}": `);
    expect(notPaused.stderr).toContain('is not paused: it has no steps');
    expect((await tools.getCanary({ canaryId: running })).status).toBe('running');

    const unknown = await cockpit(['promote', 'canary_nope', ...flags()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^cockpit: cannot promote "canary_nope": .*canary_nope/);
    expect(unknown.stdout).toBe('');
    await tools.abortCanary({ canaryId: running, reason: 'test over' });
  });

  it("prints the server's refusal of a read-only key (exit 1), and the canary stays paused", async () => {
    const canaryId = await startCanary('cli-read-only', [
      { setWeight: 30 },
      { pause: {} },
      { setWeight: 100 },
    ]);
    await waitPaused(canaryId, 30);
    const refused = await cockpit(['promote', canaryId, '--full', '--url', server.url, '--key', READ_KEY]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `cockpit: cannot promote "${canaryId}": promote_canary needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]\n`,
    );
    const canary = await tools.getCanary({ canaryId });
    expect(canary).toMatchObject({ status: 'paused', traffic: { weight: 30 } });
    expect(canary.traffic?.promotions).toEqual([]);
    await tools.abortCanary({ canaryId, reason: 'test over' });
  });

  it('says why the server refused or could not be reached (exit 1)', async () => {
    const refused = await cockpit(['promote', 'canary_x', '--url', server.url, '--key', 'wrong-key']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the request (HTTP 401): pass a valid --key');
    const unreachable = await cockpit(['promote', 'canary_x', '--url', 'http://127.0.0.1:1']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach the cockpit at http://127.0.0.1:1');
  });

  it('needs exactly one canary id (exit 2 with the usage), and documents --full', async () => {
    const missing = await cockpit(['promote']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cockpit promote: missing <canaryId>');
    expect(missing.stderr).toContain('Usage: cockpit promote <canaryId> [--full]');
    expect((await cockpit(['promote', 'a', 'b'])).code).toBe(2);
    const help = await cockpit(['promote', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cockpit promote <canaryId> \[--full\]/);
    expect(help.stdout).toContain('--full       skip every remaining step and promote now');
    const root = await cockpit(['--help']);
    expect(root.stdout).toMatch(/\n {2}promote {3}resume a canary paused at a pause: \{\} step/);
  });
});
