/**
 * The seeds' SQL, copied verbatim (seed 001 "Audit Trail Queries", seed 000's narrative query),
 * run with better-sqlite3 against a database filled only through recordTransition.
 */
// SQLite only: the seed SQL is SQLite's (datetime('now', …)) and runs verbatim through better-sqlite3.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCockpitStore } from './cockpit-store.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase, openDatabase } from './open-database.ts';
import { toStoredTime } from './stored-time.ts';
import { canary, canaryTransition, job, jobTransition, sample } from './testing.ts';

const RECENT_JOB_ACTIVITY = `-- Recent job activity
SELECT created_at, job_id, status, result 
FROM jobs 
WHERE created_at > datetime('now', '-1 hour') 
ORDER BY created_at DESC;`;

const CANARY_SUCCESS_RATE = `-- Canary success rate
SELECT 
  status,
  COUNT(*) as count,
  ROUND(COUNT(*) * 100.0 / SUM(COUNT(*)) OVER(), 1) as percentage
FROM canaries 
WHERE created_at > datetime('now', '-24 hours')
GROUP BY status;`;

const SLO_BREACH_ANALYSIS = `-- SLO breach analysis
SELECT 
  cm.canary_id,
  cm.latency_p95_ms,
  cm.error_rate,
  c.from_gate,
  c.to_gate,
  c.status
FROM canary_metrics cm
JOIN canaries c ON cm.canary_id = c.id
WHERE cm.latency_p95_ms > 800 OR cm.error_rate > 0.01
ORDER BY cm.created_at DESC
LIMIT 20;`;

const LATEST_NARRATIVE = 'SELECT * FROM audits_narrative ORDER BY created_at DESC LIMIT 5;';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the seed SQL, verbatim', () => {
  const now = Date.now();
  let directory: string;
  let raw: BetterSqlite3.Database;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'persistence-seeds-'));
    const file = join(directory, 'cockpit.db');
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    const store = createCockpitStore(db);

    const old = job('job_old', now - 2 * HOUR);
    await store.recordTransition(jobTransition(old, now - 2 * HOUR));
    const done = job('job_done', now - 10 * MINUTE);
    await store.recordTransition(jobTransition(done, now - 10 * MINUTE));
    const finished = { ...done, status: 'completed' as const, progress: 1, result: { score: 0.93 } };
    await store.recordTransition(jobTransition(finished, now - 9 * MINUTE, 'completed'));
    const running = job('job_running', now - 5 * MINUTE, { status: 'running', progress: 0.4 });
    await store.recordTransition(jobTransition(running, now - 5 * MINUTE, 'running'));

    const yesterday = canary('canary_old', 'model-old', now - 48 * HOUR);
    await store.recordTransition(canaryTransition(yesterday, now - 48 * HOUR, 'started'));
    const a = canary('canary_a', 'lukhas-agi-v3', now - 30 * MINUTE);
    await store.recordTransition(canaryTransition(a, now - 30 * MINUTE, 'started'));
    const a1 = sample(a, 1, now - 29 * MINUTE, { latency: 420, errorRate: 0.005 });
    await store.recordTransition(canaryTransition(a, now - 29 * MINUTE, 'metric', { sample: a1 }));
    const a2 = sample(a, 2, now - 28 * MINUTE, { latency: 900, errorRate: 0.004 });
    await store.recordTransition(canaryTransition(a, now - 28 * MINUTE, 'metric', { sample: a2 }));
    const aRolledBack = { ...a, status: 'rolled_back' as const };
    await store.recordTransition(canaryTransition(aRolledBack, now - 28 * MINUTE, 'rolled_back'));
    const b = canary('canary_b', 'lukhas-agi-v4', now - 20 * MINUTE);
    await store.recordTransition(canaryTransition(b, now - 20 * MINUTE, 'started'));
    const b1 = sample(b, 1, now - 19 * MINUTE, { latency: 300, errorRate: 0.02 });
    await store.recordTransition(canaryTransition(b, now - 19 * MINUTE, 'metric', { sample: b1 }));
    for (const [index, canaryId] of ['canary_c', 'canary_d'].entries()) {
      const promoted = canary(canaryId, 'lukhas-agi-v5', now - (15 - index) * MINUTE, { status: 'promoted' });
      await store.recordTransition(
        canaryTransition(promoted, now - (15 - index) * MINUTE, 'promoted', {
          model: { modelId: 'lukhas-agi-v5', gate: 'production', canaryId },
        }),
      );
    }
    await closeDatabase(db);
    raw = new BetterSqlite3(file, { readonly: true });
  });

  afterAll(() => {
    raw.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('recent job activity: the last hour, newest first, the 2-hour-old job excluded', () => {
    expect(raw.prepare(RECENT_JOB_ACTIVITY).all()).toEqual([
      { created_at: toStoredTime(now - 5 * MINUTE), job_id: 'job_running', status: 'running', result: null },
      {
        created_at: toStoredTime(now - 10 * MINUTE),
        job_id: 'job_done',
        status: 'completed',
        result: '{"score":0.93}',
      },
    ]);
  });

  it('canary success rate: counts and percentages of the last 24 hours', () => {
    const rows = raw.prepare(CANARY_SUCCESS_RATE).all();
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        { status: 'promoted', count: 2, percentage: 50 },
        { status: 'rolled_back', count: 1, percentage: 25 },
        { status: 'running', count: 1, percentage: 25 },
      ]),
    );
  });

  it('SLO breach analysis: breaching samples joined to their canary, newest first', () => {
    expect(raw.prepare(SLO_BREACH_ANALYSIS).all()).toEqual([
      {
        canary_id: 'canary_b',
        latency_p95_ms: 300,
        error_rate: 0.02,
        from_gate: 'stage',
        to_gate: 'production',
        status: 'running',
      },
      {
        canary_id: 'canary_a',
        latency_p95_ms: 900,
        error_rate: 0.004,
        from_gate: 'stage',
        to_gate: 'production',
        status: 'rolled_back',
      },
    ]);
  });

  it("the narrative query: the 5 latest lines with the seed's columns plus model_id", () => {
    const rows = raw.prepare(LATEST_NARRATIVE).all() as Record<string, unknown>[];
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'id',
      'created_at',
      'event_type',
      'entity_id',
      'entity_type',
      'message',
      'operator',
      'context',
      'model_id',
    ]);
    expect(rows.map((row) => row.created_at)).toEqual(
      [5, 9, 10, 14, 15].map((minutes) => toStoredTime(now - minutes * MINUTE)),
    );
    expect(rows[1]).toMatchObject({
      event_type: 'completed',
      entity_id: 'job_done',
      entity_type: 'job',
      message: 'job_done → completed',
      operator: 'system',
      context: '{"taskId":"lukhas-agi-stress"}',
      model_id: null,
    });
    expect(rows[3]).toMatchObject({
      event_type: 'promoted',
      entity_id: 'canary_d',
      model_id: 'lukhas-agi-v5',
    });
  });
});
