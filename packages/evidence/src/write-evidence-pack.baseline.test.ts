import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decideCanary, judgeBaselineSample, parseSloPolicy, type StoredSample } from '@lukhas/core';
import { canary, memoryStore, recordCanaryRun, sample, T0 } from '@lukhas/persistence/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceStore } from './evidence-entries.ts';
import { writeEvidencePack } from './write-evidence-pack.ts';

const run = promisify(execFile);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'evidence-baseline-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SECOND = 1000;
const policy = parseSloPolicy({
  windowSeconds: 50,
  intervalSeconds: 10,
  minSamples: 3,
  targets: { latency_p95_ms: 2000, max_error_rate: 0.01 },
  // As stored: start_canary resolves the gate (fromGate) into the policy.
  baseline: { gate: 'stage' },
  compare: { latency_p95_ms: { maxIncreasePct: 10 } },
});
const SLOWER = [530, 541, 525, 560, 548];
// The baseline's 2nd reading could not be taken: a fallback on its side only.
const BASE = [400, null, 395, 405, 420];

/** A canary slower than its baseline, rolled back at its window end with the real decision math. */
async function baselineStore() {
  const { store, close } = await memoryStore();
  const running = canary('canary_b', 'matriz-v4', T0, { policy });
  const samples: StoredSample[] = SLOWER.map((latency, index) => ({
    ...sample(
      running,
      index + 1,
      T0 + (index + 1) * 10 * SECOND,
      { latency, errorRate: 0.001 },
      policy.targets,
    ),
    baseline: judgeBaselineSample({
      gate: 'stage',
      reading: {
        values: { latency_p95_ms: BASE[index] ?? null, error_rate: null, drift: null },
        reasons: BASE[index] === null ? { latency_p95_ms: 'stage: no series' } : {},
      },
      metrics: ['latency_p95_ms'],
    }),
  }));
  const verdict = decideCanary({ policy, startedAt: T0, now: T0 + 50 * SECOND, samples });
  if (verdict.decision === null) throw new Error('the fixture canary must be decided');
  const { outcome, rule, reason } = verdict.decision;
  await recordCanaryRun(store, {
    canary: running,
    samples,
    decision: { at: T0 + 50 * SECOND, summary: { outcome, rule, reason }, math: verdict.math },
  });
  return { store, close };
}

/** Writes the pack of T0's first minute to `name` in the test's folder, closes the store, gives the path. */
async function writePackOf(
  { store, close }: { readonly store: EvidenceStore; close(): Promise<void> },
  name: string,
): Promise<string> {
  const zip = path.join(dir, name);
  await writeEvidencePack({
    store,
    range: { from: T0, to: T0 + 60 * SECOND },
    serverVersion: '9.9.9',
    generatedAt: T0 + 70 * SECOND,
    output: createWriteStream(zip),
  });
  await close();
  return zip;
}

describe('the evidence pack of a canary judged against its baseline', () => {
  it('holds each sample’s baseline reading and the decision’s comparisons', async () => {
    const zip = await writePackOf(await baselineStore(), 'pack.zip');
    const out = path.join(dir, 'out');
    await run('unzip', ['-q', zip, '-d', out]);
    await run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: out });
    const read = (name: string) => readFile(path.join(out, name), 'utf8');

    // canary-samples.csv: the baseline columns after the canary's, as read and as kept: the
    // canary's own reading columns (gate, kept and observed values, fallback and why), prefixed.
    const [header, ...rows] = (await read('canary-samples.csv')).split('\r\n');
    const columns = header?.split(',') ?? [];
    const values = columns.slice(columns.indexOf('latency_p95_ms'), columns.indexOf('fallback'));
    const mirrored = ['gate', ...values, 'fallback', 'fallback_reasons'].map((name) => `baseline_${name}`);
    expect(mirrored).toHaveLength(9);
    expect(columns.slice(-9)).toEqual(mirrored);
    const cell = (row: string | undefined, name: string) =>
      // No cell of these rows holds a comma inside quotes before the baseline columns end.
      row?.split(',')[columns.indexOf(name)];
    expect(rows.slice(0, 5).map((row) => cell(row, 'baseline_observed_latency_p95_ms'))).toEqual([
      '400',
      '',
      '395',
      '405',
      '420',
    ]);
    expect(rows.slice(0, 5).map((row) => cell(row, 'baseline_gate'))).toEqual(Array(5).fill('stage'));
    // The unreadable reading: kept at its conservative value, flagged, with its reason.
    expect(rows[1]).toMatch(/,stage,9999,,,,,,true,"\{""latency_p95_ms"":""stage: no series""\}"$/);
    expect(rows[0]).toMatch(/,stage,400,,,400,,,false,\{\}$/);

    // decisions.json: the rule, the comparisons and each math sample's baseline.
    const [decision] = JSON.parse(await read('decisions.json'));
    expect(decision).toMatchObject({
      canaryId: 'canary_b',
      status: 'rolled_back',
      decision: { rule: 'baseline_regression' },
      policy: { baseline: { gate: 'stage' }, compare: { latency_p95_ms: { maxIncreasePct: 10 } } },
      math: {
        comparisons: {
          at: new Date(T0 + 50 * SECOND).toISOString(),
          metrics: [
            {
              metric: 'latency_p95_ms',
              verdict: 'High',
              dryRun: false,
              canary: SLOWER,
              baseline: [400, 395, 405, 420],
              u: 20,
              method: 'exact',
              allowedIncrease: expect.any(Number),
              shift: { estimate: expect.any(Number) },
            },
          ],
        },
      },
    });
    expect(
      decision.math.samples.map(
        (entry: { baseline: { observed: { latency_p95_ms: number | null } } }) =>
          entry.baseline.observed.latency_p95_ms,
      ),
    ).toEqual(BASE);
  });

  it('leaves the baseline cells empty for a sample taken without a baseline', async () => {
    const memory = await memoryStore();
    const plain = canary('canary_p', 'matriz-v4', T0);
    await recordCanaryRun(memory.store, {
      canary: plain,
      samples: [sample(plain, 1, T0 + 10 * SECOND, { latency: 200, errorRate: 0.001 })],
    });
    const zip = await writePackOf(memory, 'plain.zip');
    const { stdout } = await run('unzip', ['-p', zip, 'canary-samples.csv']);
    const row = stdout.split('\r\n')[1];
    expect(row).toMatch(/,false,\[\],,,,,,,,,$/);
  });
});
