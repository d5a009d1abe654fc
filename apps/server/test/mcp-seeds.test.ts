/**
 * Every seed command that calls /mcp, run verbatim with the real `bash`, `curl` and `jq` against a
 * real server on the port the seed names (8766, or 9009 for seed 002's CI probe). The commands are in
 * `seed-commands.ts`, checked here line for line against the seed documents committed in
 * `fixtures/seeds/` (copies of `shared/seeds/000`–`003`, so the check runs in every clone). Tests
 * in this file run one after another: they share the fixed ports.
 *
 * Seed lines that cannot run verbatim, and why:
 * - seed 000 `curl -N "mcp-server/sse?topic=job/$JOB" | head -10`: `mcp-server` is a placeholder host.
 *   Every other `/sse` command runs verbatim; those that stream forever by design (`curl -N` on a
 *   canary or a collection) are read until the event they show, then stopped.
 * - seed 000 `JOB=$(curl mcp-server -d '{"method":"run_eval",...}' | jq -r '.jobId')` and
 *   `curl mcp-server -d '{"method":"start_canary",...}'`: `mcp-server` is a placeholder host and
 *   `...` a placeholder body. (Seed 000's `curl localhost:8766/mcp -d '{…"tools/list",...}'` and seed
 *   001's `-d '{...run_eval...}'` do run verbatim: their placeholder bodies are not JSON, and the
 *   server answers the JSON-RPC parse error -32700, which is what is checked.)
 * - `node mcp-streamable.mjs`, `PORT=… node …`, `nohup node …`: the seeds' server; ours is started by
 *   the test (`pnpm start` in real use).
 * - `open http://localhost:8766/cockpit.html`, `python -m http.server`, `kubectl …`, `sqlite3 …`,
 *   `node scripts/export_narratives.js`, `node tools/replay_window.js`, `curl -O …/evidence/export`:
 *   not /mcp (pages, evidence and replay are other issues).
 * - seed 001 "Emergency Rollback" aborts `canary_xyz`, a made-up id: run verbatim it gets the clean
 *   "no canary" error; the test then runs the same command with the id of a real canary.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSseParser, type SseMessage } from '@lukhas/mcp-cockpit-client';
import { waitFor } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import * as seeds from './seed-commands.ts';

/** The seed documents the commands are copied from, committed beside this test. */
const SEEDS_DIR = path.resolve(import.meta.dirname, 'fixtures/seeds');
const SEED_KEYS = 'your-key,key,ci-test-key';

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'cockpit-seeds-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Runs `script` with bash in the temp directory; the server runs in this process, so never block it. */
function runBash(script: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs a seed command block as printed, then `after` (e.g. `echo "$JOB"` to see what it set). */
async function runSeed(command: seeds.SeedCommand, after = ''): Promise<string> {
  const result = await runBash(`${command.bash}\n${after}`);
  // curl without -s prints its progress meter on stderr: only errors of curl, jq or bash count.
  expect(result.stderr, command.what).not.toMatch(/curl: \(|jq: error|parse error|command not found/);
  expect(result.status, command.what).toBe(0);
  return result.stdout;
}

/**
 * Runs `script` in its own process group until its stdout matches `pattern`, then stops it (and the
 * curl it started): for seed commands that stream forever by design.
 */
function runBashUntil(script: string, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    const stop = () => {
      clearTimeout(timer);
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${pattern} within 20 s; stdout so far:\n${stdout}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (pattern.test(stdout)) {
        stop();
        resolve(stdout);
      }
    });
    child.once('error', reject);
  });
}

/** Rolls back every running canary: the cockpit runs one canary per model, and later seeds reuse models. */
async function abortRunningCanaries(server: McpTestServer): Promise<void> {
  for (const canary of await server.cockpit.store.listCanaries({ status: 'running' })) {
    await server.cockpit.canaries.abort(canary.canaryId, { operator: 'test', reason: 'seed test cleanup' });
  }
}

/** Waits until the server has `count` SSE streams open (a seed's curl connected). */
async function waitForSseClients(server: McpTestServer, count: number): Promise<void> {
  await waitFor(() => server.cockpit.bus.clientCount() >= count, { message: `${count} SSE clients` });
}

/** The events of a curl transcript, in order, read by the client SDK's parser (the one SSE reader). */
function eventsIn(transcript: string): SseMessage[] {
  const events: SseMessage[] = [];
  createSseParser({ onMessage: (event) => events.push(event) }).feed(transcript);
  return events;
}

/** The `event:` names of the SSE frames in a curl transcript, in order. */
function eventNames(transcript: string): string[] {
  return eventsIn(transcript).map((event) => event.event);
}

/** The `data:` JSON of the SSE frames in a curl transcript, in order. */
function eventData(transcript: string): { id: number; type: string; narrative: string }[] {
  return eventsIn(transcript).map((event) => JSON.parse(event.data));
}

function jsonLines(stdout: string): unknown {
  return JSON.parse(stdout);
}

describe("the seed commands are the seeds' text", () => {
  it('matches shared/seeds line for line', () => {
    for (const command of Object.values(seeds)) {
      if (typeof command !== 'object') continue;
      const lines = readFileSync(path.join(SEEDS_DIR, command.file), 'utf8').split('\n');
      expect(lines.slice(command.lines[0] - 1, command.lines[1]).join('\n'), command.what).toBe(command.bash);
    }
  });
});

describe.sequential('seed commands with API keys, on port 8766', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    server = await startMcpTestServer({ port: 8766, env: { LUKHAS_MCP_API_KEYS: SEED_KEYS } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('001 "Test Real-Time Streaming": run_eval, jobId through jq', async () => {
    const jobId = (await runSeed(seeds.seed001RunEvalForSse, 'echo "$JOB"')).trim();
    expect(jobId).toMatch(/^job_[0-9a-z]{12}$/);
    expect(await server.cockpit.store.getJob(jobId)).toMatchObject({ taskId: 'demo', configId: 'default' });
  });

  it('001 CI "SSE Quick Probe": run_eval with $H and $K', async () => {
    const jobId = (await runSeed(seeds.seed001CiProbe, 'echo "$JOB"')).trim();
    expect(await server.cockpit.store.getJob(jobId)).toMatchObject({
      taskId: 'probe',
      operator: expect.stringMatching(/^key:/),
    });
  });

  it('001 "Test Real-Time Streaming": curl -N on the job topic shows queued → running → completed, then ends', async () => {
    const transcript = await runSeed(seeds.seed001StreamJob);
    const names = eventNames(transcript);
    // Progress reports are throttled per job, so how many arrive depends on pacing.
    expect(names.slice(0, 2)).toEqual(['queued', 'running']);
    expect(names.at(-1)).toBe('completed');
    expect(new Set(names.slice(2, -1))).toEqual(new Set(['progress']));
    const data = eventData(transcript);
    expect(data.map((event) => event.id)).toEqual([...data.map((event) => event.id)].sort((a, b) => a - b));
    expect(data[0]?.narrative).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d\] eval "demo" → queued for processing$/);
    expect(data.at(-1)?.narrative).toMatch(/ → completed successfully \((<1s|\d+s)\)$/);
  });

  it('001 CI "SSE Quick Probe", whole: set -e, timeout 3s around curl -N | sed, then the healthy line', async () => {
    const stdout = await runSeed(seeds.seed001CiProbeWithSse);
    expect(stdout.split('\n').slice(0, 6)).toEqual([
      'retry: 2000',
      '',
      expect.stringMatching(/^id: \d+$/),
      'event: queued',
      expect.stringMatching(/^data: \{.*"type":"queued"/),
      '',
    ]);
    expect(stdout).toContain('SSE streaming healthy');
  });

  it('001 "Monitor Job Progress": the placeholder body gets a clean -32700, so JOB is null', async () => {
    expect((await runSeed(seeds.seed001MonitorJobProgress, 'echo "$JOB"')).trim()).toBe('null');
    const curlOnly = seeds.seed001MonitorJobProgress.bash.replace(/^JOB=\$\(/, '').split(' | jq')[0] ?? '';
    expect(jsonLines(await runBash(curlOnly).then((result) => result.stdout))).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error: Invalid JSON' },
      id: null,
    });
  });

  it('001 "Canary Deployment" and "Emergency Rollback": start_canary, abort_canary (no Content-Type)', async () => {
    const canaryId = (await runSeed(seeds.seed001StartCanary, 'echo "$CANARY"')).trim();
    expect(canaryId).toMatch(/^canary_/);
    expect(await server.cockpit.store.getCanary(canaryId)).toMatchObject({
      modelId: 'lukhas-v2',
      status: 'running',
      policy: { windowSeconds: 300, targets: { latency_p95_ms: 800, max_error_rate: 0.01 } },
    });

    const verbatim = jsonLines(await runSeed(seeds.seed001EmergencyRollback)) as { result: unknown };
    expect(verbatim.result).toEqual({
      content: [{ type: 'text', text: 'no canary with id canary_xyz [CANARY_NOT_FOUND]' }],
      isError: true,
    });

    const withRealId = { ...seeds.seed001EmergencyRollback };
    withRealId.bash = withRealId.bash.replace('canary_xyz', canaryId);
    const aborted = jsonLines(await runSeed(withRealId)) as { result: { structuredContent: unknown } };
    expect(aborted.result.structuredContent).toMatchObject({
      canaryId,
      status: 'rolled_back',
      decision: { rule: 'abort', reason: 'manual override' },
      operator: expect.stringMatching(/^key:[0-9a-f]{8}$/),
    });
  });

  it('002 "Power User Workflow": run_eval and why', async () => {
    const launched = jsonLines(await runSeed(seeds.seed002LaunchEval)) as {
      id: number;
      result: { content: { text: string }[]; structuredContent: unknown };
    };
    expect(launched.id).toBe(1);
    expect(JSON.parse(launched.result.content[0]?.text ?? '')).toMatchObject({
      status: 'queued',
      taskId: 'stress-test',
      configId: 'production',
    });
    const why = jsonLines(await runSeed(seeds.seed002QueryWhy)) as {
      result: { isError: boolean; content: { text: string }[] };
    };
    expect(why.result.isError).toBe(true);
    expect(why.result.content[0]?.text).toMatch(/^nothing recorded for "job_abc123"/);
  });

  it('002 "T4 Team SLO Enforcement": start_canary with policy:{windowSeconds, targets}', async () => {
    const started = jsonLines(await runSeed(seeds.seed002StartCanary)) as {
      result: { structuredContent: unknown };
    };
    expect(started.result.structuredContent).toMatchObject({
      modelId: 'lukhas-v4',
      fromGate: 'staging',
      status: 'running',
      policy: { windowSeconds: 300, targets: { latency_p95_ms: 500, max_error_rate: 0.01 } },
    });
  });

  it('002 Matriz fetch example (JavaScript; only the relative URL made absolute)', async () => {
    const key = 'your-key';
    const auditTrail = await fetch(`http://localhost:8766/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': key },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'why', arguments: { id: 'lukhas-v2' } },
      }),
    }).then((r) => r.json());
    const narrative = auditTrail.result.content[0].text as string;
    expect(narrative.split('\n')).toEqual([
      expect.stringMatching(/^\[.*\] canary lukhas-v2 → stage to production \(SLO monitoring\)$/),
      expect.stringMatching(/^\[.*\] rolled back lukhas-v2 → stage/),
    ]);
  });

  it('001 "Canary Deployment": curl -N on the canary topic shows it started', async () => {
    await abortRunningCanaries(server);
    const transcript = await runBashUntil(seeds.seed001WatchCanary.bash, /^event: started\ndata: .*\n\n/m);
    expect(eventData(transcript)[0]).toMatchObject({ type: 'started' });
    await abortRunningCanaries(server);
  });

  it('002 "Monitor via SSE stream": the canaries topic names events `canary`', async () => {
    await abortRunningCanaries(server);
    const watching = runBashUntil(seeds.seed002WatchCanaries.bash, /^event: canary\ndata: .*\n\n/m);
    await waitForSseClients(server, 1);
    await runSeed(seeds.seed002StartCanary);
    const transcript = await watching;
    expect(eventData(transcript)[0]).toMatchObject({
      type: 'started',
      topic: expect.stringMatching(/^canary\//),
    });
    await abortRunningCanaries(server);
  });
});

describe.sequential('seed commands without API keys, on port 8766', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    server = await startMcpTestServer({ port: 8766 });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('000 "Wire Compatibility Testing": the `...` placeholder body gets a clean -32700', async () => {
    expect(jsonLines(await runSeed(seeds.seed000ToolsList))).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error: Invalid JSON' },
      id: null,
    });
  });

  it('003 "Seven-minute WOW" 1 and 3: start_canary, then why and why_math of $CANARY', async () => {
    const stdout = await runSeed(
      {
        ...seeds.seed003StartCanary,
        bash: `${seeds.seed003StartCanary.bash}\n${seeds.seed003WhyAndMath.bash}`,
      },
      'echo "CANARY=$CANARY"',
    );
    // tee prints the JSON answer as it came (no trailing newline), then jq prints the narrative.
    const startedText = readFileSync(path.join(workDir, 'canary.json'), 'utf8');
    expect(stdout.startsWith(startedText)).toBe(true);
    const rest = stdout.slice(startedText.length).split('\n');
    const started = JSON.parse(startedText) as { result: { content: { text: string }[] } };
    const canary = JSON.parse(started.result.content[0]?.text ?? '') as { canaryId: string };
    expect(canary).toMatchObject({ modelId: 'matriz-v3', status: 'running', policy: { windowSeconds: 120 } });
    expect(rest[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d\] canary matriz-v3 → stage to production \(SLO monitoring\)$/,
    );
    expect(rest.at(-2)).toBe(`CANARY=${canary.canaryId}`);
    const math = JSON.parse(rest.slice(1, -2).join('\n')) as Record<string, unknown>;
    expect(math).toMatchObject({
      canaryId: canary.canaryId,
      decided: false,
      thresholds: { latency_p95_ms: 250, max_error_rate: 0.02, max_drift: 0.15 },
      policy: { windowSeconds: 120, intervalSeconds: 30, failureLimit: 0, minSamples: 3 },
      rule: null,
    });
  });

  it('003 "Seven-minute WOW" 1 and 2: start_canary, then watch the pulse of $CANARY', async () => {
    await abortRunningCanaries(server);
    const transcript = await runBashUntil(
      `${seeds.seed003StartCanary.bash}\n${seeds.seed003WatchPulse.bash}`,
      /^event: started\ndata: .*\n\n/m,
    );
    expect(eventData(transcript)[0]).toMatchObject({
      type: 'started',
      narrative: expect.stringMatching(/ canary matriz-v3 → stage to production \(SLO monitoring\)$/),
    });
    await abortRunningCanaries(server);
  });

  it('003 "Quick Test Commands": the jobs stream through head -10 ends after ten lines', async () => {
    const streaming = runBash(seeds.seed003StreamJobs.bash);
    await waitForSseClients(server, 1);
    await runSeed(seeds.seed001RunEvalForSse);
    const result = await streaming;
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'retry: 2000',
      '',
      expect.stringMatching(/^id: \d+$/),
      'event: job',
      expect.stringMatching(/^data: \{.*"type":"queued"/),
      '',
      expect.stringMatching(/^id: \d+$/),
      'event: job',
      expect.stringMatching(/^data: \{.*"type":"running"/),
      '',
    ]);
  });

  it('003 "Quick Test Commands": curl -O saves the evidence pack, and sha256sum -c accepts it', async () => {
    // Earlier tests of this block ran canaries and a job: the pack holds a real run's rows.
    await runSeed(seeds.seed003DownloadEvidence);
    // curl -O names the file after the URL's last segment; curl 7.x drops the query (`export`),
    // and without -J it ignores Content-Disposition. Older curls kept `export?from=30d`.
    const saved = ['export', 'export?from=30d'].find((name) => existsSync(path.join(workDir, name)));
    expect(saved).toBeDefined();
    const check = await runBash(
      `rm -rf pack && mkdir pack && unzip -q '${saved}' -d pack && cd pack && sha256sum -c SHA256SUMS && jq -c .counts meta.json`,
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const lines = check.stdout.trim().split('\n');
    expect(lines.slice(0, -1).sort()).toEqual(
      [
        'audits.csv',
        'audits.json',
        'canary-samples.csv',
        'decisions.json',
        'file-changes.json',
        'meta.json',
        'narrative.txt',
      ].map((name) => `${name}: OK`),
    );
    const counts = JSON.parse(lines.at(-1) ?? '{}') as Record<string, number>;
    expect(counts.audits).toBeGreaterThan(0);
    expect(counts.narrative).toBe(counts.audits);
    // The canaries the earlier tests rolled back are decisions of the range.
    expect(counts.decisions).toBeGreaterThan(0);
    const metrics = await (await fetch('http://localhost:8766/metrics')).text();
    expect(metrics).toMatch(/^cockpit_evidence_exports_total\{outcome="ok"\} 1$/m);
  });

  it('003 "Quick Test Commands": a bad range is a 400 with the reason', async () => {
    const response = await fetch('http://localhost:8766/evidence/export?from=2030-01-01');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'UNPARSEABLE', field: 'from' });
  });

  it('003 "Quick Test Commands": health, why and why_math of an unknown id', async () => {
    const stdout = await runSeed(seeds.seed003QuickTests);
    const documents = stdout.split(/\n(?=\{)/).map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(documents).toHaveLength(3);
    expect(documents[0]).toMatchObject({ status: 'ok', db: { ok: true } });
    expect(documents[1]).toMatchObject({ id: 1, result: { isError: true } });
    expect(documents[2]).toMatchObject({ id: 2, result: { isError: true } });
    expect(JSON.stringify(documents[2])).toMatch(/why_math takes a canary id/);
  });
});

describe.sequential('seed 002 CI probe, on port 9009', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    server = await startMcpTestServer({ port: 9009 });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('002 "Launch tiny job": run_eval on localhost:9009', async () => {
    const launched = jsonLines(await runSeed(seeds.seed002CiLaunchTinyJob)) as {
      result: { structuredContent: unknown };
    };
    expect(launched.result.structuredContent).toMatchObject({
      taskId: 'probe',
      configId: 'ci',
      status: 'queued',
    });
  });

  it('002 "Open SSE and assert lines": curl -sN --max-time 8 on the jobs topic through head -n 20', async () => {
    const result = await runBash(seeds.seed002CiOpenSse.bash);
    // curl stops at --max-time; the pipeline's status is head's, as in the workflow's shell.
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('retry: 2000\n\n')).toBe(true);
  });
});
