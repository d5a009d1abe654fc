/**
 * `cockpit replay` over a database holding a canary with traffic steps, recorded through the real
 * store as the engine records it (samples, step / paused / resumed, the decision): the replay shows
 * both ladders and each sample's step, and says what it cannot know.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SloPolicy } from '@lukhas/core';
import { canary, fileStore, recordCanaryRun, sample } from '@lukhas/persistence/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit, T0 } from './cockpit-fixture.ts';

// 10 % at once, 60 s at 10 %, then 50 % until a person promotes, then 100 %.
const LADDER: SloPolicy = {
  windowSeconds: 300,
  intervalSeconds: 30,
  failureLimit: 0,
  minSamples: 1,
  targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
  steps: [
    { setWeight: 10 },
    { pause: { seconds: 60 } },
    { setWeight: 50 },
    { pause: {} },
    { setWeight: 100 },
  ],
};
// Straight to 50 %, then a person, then 100 %; looser latency.
const FASTER = {
  ...LADDER,
  targets: { latency_p95_ms: 800, max_error_rate: 0.01 },
  steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }],
};
const WINDOW = ['--from', '2025-09-28T13:00:00Z', '--to', '2025-09-28T15:00:00Z'];
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

let dir: string;
let db: string;
let policy: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cockpit-cli-steps-'));
  db = path.join(dir, 'cockpit.db');
  policy = path.join(dir, 'slo-faster.json');
  await writeFile(policy, JSON.stringify(FASTER));
  const { store, close } = await fileStore(db);
  const running = canary('canary_ladder', 'matriz-v4', T0, {
    policy: LADDER,
    operator: 'ops',
    traffic: { weight: 0, stepIndex: 0, stepCount: 5, promotions: [] },
  });
  await recordCanaryRun(store, {
    canary: running,
    samples: [30, 60, 90, 120, 150].map((seconds, index) =>
      sample(running, index + 1, T0 + seconds * 1000, { latency: 300, errorRate: 0.001 }, LADDER.targets),
    ),
    ladder: [
      { at: T0, kind: 'step', weight: 10, stepIndex: 1 },
      { at: T0 + 60_000, kind: 'step', weight: 50, stepIndex: 3 },
      { at: T0 + 60_000, kind: 'paused', stepIndex: 3 },
      { at: T0 + 150_000, kind: 'resumed', operator: 'bob' },
      { at: T0 + 150_000, kind: 'step', weight: 100, stepIndex: 5 },
    ],
    decision: {
      at: T0 + 150_000,
      summary: { outcome: 'promote', rule: 'steps_completed', reason: 'all 5 steps completed' },
    },
  });
  await close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const replay = (extra: string[]) =>
  cockpit(['replay', ...WINDOW, '--model', 'matriz-v4', '--policy', policy, '--db', db, ...extra]);

describe('cockpit replay of a canary with steps', () => {
  it('reports both ladders, the step of each sample and what a replay cannot know, as JSON', async () => {
    const result = await replay(['--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [replayed] = JSON.parse(result.stdout).canaries;
    expect(replayed.actual).toMatchObject({ state: 'promoted', rule: 'steps_completed', decidedAt: at(150) });
    expect(replayed.counterfactual).toMatchObject({
      state: 'promoted',
      rule: 'steps_completed',
      decidedAt: at(150),
    });
    expect(
      replayed.ladders.recorded.timeline.map((step: { weight: number; endedBy: string }) => [
        step.weight,
        step.endedBy,
      ]),
    ).toEqual([
      [10, 'clock'],
      [10, 'clock'],
      [50, 'clock'],
      [50, 'promoted'],
      [100, 'clock'],
    ]);
    expect(replayed.ladders.promotions).toEqual([{ at: at(150), full: false, operator: 'bob' }]);
    expect(replayed.samples.map((each: { steps: unknown }) => each.steps)).toEqual([
      { recorded: { index: 1, weight: 10 }, replay: { index: 1, weight: 50 } },
      { recorded: { index: 1, weight: 10 }, replay: { index: 1, weight: 50 } },
      { recorded: { index: 3, weight: 50 }, replay: { index: 1, weight: 50 } },
      { recorded: { index: 3, weight: 50 }, replay: { index: 1, weight: 50 } },
      { recorded: { index: 3, weight: 50 }, replay: { index: 1, weight: 50 } },
    ]);
    expect(replayed.caveats).toEqual([
      `the counterfactual takes the operators' promotions at their recorded times (${at(150)} by bob) at the replay policy's pause: {} steps: a replay cannot tell when, or whether, a person shown that ladder would have promoted`,
      '2 of 5 samples were read while toGate carried another weight than the replay ladder would have given it (first: sample 1, 10% recorded, 50% under the replay policy): a replay re-judges what was read, and cannot tell how toGate would have behaved under other traffic',
    ]);
  });

  it('shows the ladders in the HTML report', async () => {
    const report = path.join(dir, 'replay-steps.html');
    const result = await replay(['--report', report]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/canary_ladder\s+actual promoted \(steps_completed\)\s+replay promoted/);
    const html = await readFile(report, 'utf8');
    expect(html).toContain(
      '<caption>Recorded ladder: 5 steps, every step done, 100% to toGate at the end</caption>',
    );
    expect(html).toContain(
      '<caption>Replay ladder: 3 steps, every step done, 100% to toGate at the end</caption>',
    );
    expect(html).toContain('<td>promoted by bob</td>');
    expect(html).toContain('<td>4 @ 50%</td><td>2 @ 50%</td>');
  });
});
