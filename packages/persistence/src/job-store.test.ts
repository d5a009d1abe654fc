import { expect, it } from 'vitest';
import { JOB_LIST_LIMIT } from './job-store.ts';
import { closeDatabase } from './open-database.ts';
import { describeEachBackend, job, jobTransition, T0 } from './testing.ts';

describeEachBackend('job store', (backend) => {
  it('lists jobs newest first, by status, at most the limit (default 50)', async () => {
    const { db, store } = await backend.openStore();
    for (let index = 0; index < 60; index += 1) {
      const status = index % 3 === 0 ? 'completed' : 'queued';
      await store.recordTransition(jobTransition(job(`job_${index}`, T0 + index * 1000, { status }), T0));
    }
    const all = await store.listJobs();
    expect(all).toHaveLength(JOB_LIST_LIMIT.default);
    expect(all[0]?.jobId).toBe('job_59');
    expect(all.at(-1)?.jobId).toBe('job_10');
    const completed = await store.listJobs({ status: 'completed', limit: 3 });
    expect(completed.map((record) => record.jobId)).toEqual(['job_57', 'job_54', 'job_51']);
    expect(await store.listJobs({ limit: 0 })).toHaveLength(1);
    expect(await store.listJobs({ limit: 10_000 })).toHaveLength(60);
    await closeDatabase(db);
  });

  it('pages with `before`: the jobs after that one, ties on the time broken by id, none skipped or repeated', async () => {
    const { db, store } = await backend.openStore();
    // Pairs created in the same millisecond: the id decides their order.
    for (let index = 0; index < 9; index += 1) {
      await store.recordTransition(jobTransition(job(`job_${index}`, T0 + Math.floor(index / 2) * 1000), T0));
    }
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await store.listJobs({ limit: 4, ...(before === undefined ? {} : { before }) });
      seen.push(...page.map((record) => record.jobId));
      if (page.length < 4) break;
      before = page.at(-1)?.jobId;
    }
    expect(seen).toEqual(['job_8', 'job_7', 'job_6', 'job_5', 'job_4', 'job_3', 'job_2', 'job_1', 'job_0']);
    expect(await store.listJobs({ before: 'job_4', status: 'queued', limit: 2 })).toHaveLength(2);
    expect(await store.listJobs({ before: 'job_nope' })).toEqual([]);
    await closeDatabase(db);
  });

  it('returns the jobs in given statuses oldest first (what a restart resumes)', async () => {
    const { db, store } = await backend.openStore();
    await store.recordTransition(jobTransition(job('job_b', T0 + 2000, { status: 'running' }), T0));
    await store.recordTransition(jobTransition(job('job_a', T0 + 1000), T0));
    await store.recordTransition(jobTransition(job('job_c', T0 + 3000, { status: 'failed' }), T0));
    const pending = await store.jobsInStatus(['queued', 'running']);
    expect(pending.map((record) => record.jobId)).toEqual(['job_a', 'job_b']);
    expect(await store.jobsInStatus([])).toEqual([]);
    expect(await store.getJob('job_nope')).toBeUndefined();
    await closeDatabase(db);
  });

  it('keeps results of any JSON shape', async () => {
    const { db, store } = await backend.openStore();
    const results = [{ score: 0.93, passed: 41 }, [1, 2, 3], 'plain text', 42, false];
    for (const [index, result] of results.entries()) {
      await store.recordTransition(
        jobTransition(job(`job_${index}`, T0, { status: 'completed', result }), T0),
      );
    }
    for (const [index, result] of results.entries()) {
      expect((await store.getJob(`job_${index}`))?.result).toEqual(result);
    }
    await closeDatabase(db);
  });
});
