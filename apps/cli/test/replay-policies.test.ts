/**
 * `cockpit replay --policy a.json --policy b.json --policy c.json` over a recorded day in a real
 * SQLite file (six canaries, three with baseline samples): every canary re-judged under each
 * policy, side by side, byte-identical from run to run; bad policy files named with their field.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTempDirs } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from './cockpit-fixture.ts';
import { DAY, MODEL, POLICIES, recordDay } from './recorded-day.ts';

const tempDirs = createTempDirs();
let dir: string;
let db: string;

beforeAll(async () => {
  dir = tempDirs.make('cockpit-replay-policies-');
  db = path.join(dir, 'day.db');
  await recordDay(db);
  for (const [name, policy] of Object.entries(POLICIES)) {
    await writeFile(path.join(dir, name), JSON.stringify(policy));
  }
});

afterAll(() => tempDirs.removeAll());

const POLICY_ARGS = Object.keys(POLICIES).flatMap((name) => ['--policy', name]);
const replay = (extra: string[], policies = POLICY_ARGS) =>
  cockpit(
    ['replay', '--from', DAY.from, '--to', DAY.to, '--model', MODEL, ...policies, '--db', db, ...extra],
    {
      cwd: dir,
    },
  );

describe('cockpit replay with three policies', () => {
  it('gives per canary the actual decision and each policy’s, and per policy the totals, as JSON', async () => {
    const result = await replay(['--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.policies.map((policy: { name: string }) => policy.name)).toEqual([
      'relaxed.json',
      'baseline-10.json',
      'budget.json',
    ]);
    const table = comparison.canaries.map(
      (canary: {
        canaryId: string;
        actual: { state: string; rule: string };
        decisions: { state: string; rule: string }[];
      }) => [
        canary.canaryId,
        `${canary.actual.state}:${canary.actual.rule}`,
        ...canary.decisions.map((decision) => `${decision.state}:${decision.rule}`),
      ],
    );
    expect(table).toEqual([
      [
        'canary_0200',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
      ],
      [
        'canary_0600',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
        'rolled_back:baseline_regression',
        'promoted:window_elapsed',
      ],
      [
        'canary_0930',
        'rolled_back:breach_limit',
        'promoted:window_elapsed',
        'rolled_back:breach_limit',
        'promoted:window_elapsed',
      ],
      [
        'canary_1300',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
        'rolled_back:insufficient_data',
        'rolled_back:breach_limit',
      ],
      [
        'canary_1745',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
      ],
      [
        'canary_2200',
        'promoted:window_elapsed',
        'promoted:window_elapsed',
        'rolled_back:insufficient_data',
        'promoted:window_elapsed',
      ],
    ]);
    expect(comparison.totals.actual).toEqual({
      canaries: 6,
      promoted: 5,
      rolledBack: 1,
      undecided: 0,
      medianSecondsToDecision: 300,
    });
    expect(comparison.totals.policies).toEqual([
      {
        policy: 'relaxed.json',
        canaries: 6,
        promoted: 6,
        rolledBack: 0,
        undecided: 0,
        differ: 1,
        medianSecondsToDecision: 300,
      },
      {
        policy: 'baseline-10.json',
        canaries: 6,
        promoted: 2,
        rolledBack: 4,
        undecided: 0,
        differ: 3,
        medianSecondsToDecision: 300,
      },
      {
        policy: 'budget.json',
        canaries: 6,
        promoted: 5,
        rolledBack: 1,
        undecided: 0,
        differ: 2,
        medianSecondsToDecision: 300,
      },
    ]);
    // A canary without baseline samples under a comparing policy: NoData, flagged, never a verdict.
    const [, baselined] = comparison.canaries[5].decisions;
    expect(baselined.caveats).toEqual([
      expect.stringContaining(
        'the replay policy compares latency_p95_ms with the baseline, but no baseline sample was recorded for this canary',
      ),
    ]);
    const budget = comparison.canaries[3].decisions[2];
    expect(budget).toMatchObject({
      decidedAt: '2025-09-28T13:00:30.000Z',
      secondsToDecision: 30,
      differs: true,
    });
  });

  it('prints one line per canary and per policy without --json', async () => {
    const result = await replay([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'canary_0600  actual promoted (window_elapsed)  relaxed.json: promoted (window_elapsed)  baseline-10.json: rolled_back (baseline_regression) *  budget.json: promoted (window_elapsed)',
    );
    expect(result.stdout).toContain(
      'baseline-10.json: 2 promoted, 4 rolled back, 0 undecided, 3 differ from actual, median 300s to decision',
    );
  });

  it('writes byte-identical HTML and JSON reports for the same inputs', async () => {
    const runs = [];
    for (const run of ['one', 'two']) {
      const report = path.join(dir, `day-${run}.html`);
      const result = await replay(['--report', report, '--json']);
      expect(result.code).toBe(0);
      runs.push({ html: await readFile(report), json: result.stdout });
    }
    const [one, two] = runs;
    expect(one?.html.length).toBeGreaterThan(1000);
    expect(two?.html.equals(one?.html ?? Buffer.alloc(0))).toBe(true);
    expect(two?.json).toBe(one?.json);
  });

  it('names the policy file that is missing, unreadable, not JSON or not a policy (exit 1)', async () => {
    await writeFile(path.join(dir, 'not-json.json'), '{"windowSeconds": 300,');
    await writeFile(path.join(dir, 'bad-field.json'), JSON.stringify({ ...PLAIN_POLICY, failureLimit: -2 }));
    await mkdir(path.join(dir, 'a-directory.json'), { recursive: true });
    const cases: [string, RegExp][] = [
      ['missing.json', /cannot read the policy file .*missing\.json: ENOENT/],
      ['a-directory.json', /cannot read the policy file .*a-directory\.json: EISDIR/],
      ['not-json.json', /the policy file .*not-json\.json is not JSON/],
      ['bad-field.json', /the policy is not usable: bad-field\.json: invalid SLO policy: failureLimit: /],
    ];
    for (const [file, message] of cases) {
      const result = await replay([], ['--policy', 'relaxed.json', '--policy', file]);
      expect(result.code, file).toBe(1);
      expect(result.stderr, file).toMatch(message);
      expect(result.stdout, file).toBe('');
    }
  });

  it('refuses the same policy file twice (exit 2)', async () => {
    const result = await replay([], ['--policy', 'relaxed.json', '--policy', './relaxed.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--policy ./relaxed.json is given twice (as relaxed.json)');
  });
});

const PLAIN_POLICY = POLICIES['relaxed.json'] as Record<string, unknown>;
