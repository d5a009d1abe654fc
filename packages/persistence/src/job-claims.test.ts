import { expect, it } from 'vitest';
import { createCanaryLeaseStore } from './canary-lease-store.ts';
import { createJobClaims } from './job-claims.ts';
import { describeEachBackend, job, jobTransition, T0 } from './testing.ts';

const TTL = 15_000;

describeEachBackend('job claims', (backend) => {
  async function storeWithJobs(count: number, status: 'queued' | 'running' = 'queued') {
    const opened = await backend.openStore();
    for (let index = 0; index < count; index += 1) {
      const jobId = `job_${String(index).padStart(2, '0')}`;
      await opened.store.recordTransition(jobTransition(job(jobId, T0 + index * 1000, { status }), T0));
    }
    return { ...opened, claims: createJobClaims(opened.db), heartbeats: createCanaryLeaseStore(opened.db) };
  }

  it('claims the oldest queued jobs, each for one replica only', async () => {
    const { claims, heartbeats, close } = await storeWithJobs(5);
    for (const replicaId of ['r1', 'r2']) await heartbeats.heartbeat({ replicaId, now: T0, ttlMs: TTL });
    const first = await claims.claimQueuedJobs({ replicaId: 'r1', now: T0, limit: 2 });
    expect(first.map((claimed) => claimed.jobId)).toEqual(['job_00', 'job_01']);
    const second = await claims.claimQueuedJobs({ replicaId: 'r2', now: T0, limit: 10 });
    expect(second.map((claimed) => claimed.jobId)).toEqual(['job_02', 'job_03', 'job_04']);
    expect(await claims.claimQueuedJobs({ replicaId: 'r1', now: T0, limit: 10 })).toEqual([]);
    expect((await claims.jobsOwnedBy('r1', ['queued'])).map((owned) => owned.jobId)).toEqual([
      'job_00',
      'job_01',
    ]);
    await close();
  });

  it('gives every job to exactly one of several replicas claiming at once', async () => {
    const { claims, heartbeats, close } = await storeWithJobs(30);
    const replicas = ['r1', 'r2', 'r3'];
    for (const replicaId of replicas) await heartbeats.heartbeat({ replicaId, now: T0, ttlMs: TTL });
    const claimedBy = async (replicaId: string) => {
      const mine: string[] = [];
      for (;;) {
        const batch = await claims.claimQueuedJobs({ replicaId, now: T0, limit: 2 });
        if (batch.length === 0) return mine;
        mine.push(...batch.map((claimed) => claimed.jobId));
      }
    };
    const all = (await Promise.all(replicas.map(claimedBy))).flat();
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    await close();
  });

  it('hands a gone replica’s queued jobs to another, never a live one’s', async () => {
    const { claims, heartbeats, close } = await storeWithJobs(2);
    await heartbeats.heartbeat({ replicaId: 'r1', now: T0, ttlMs: TTL });
    await claims.claimQueuedJobs({ replicaId: 'r1', now: T0, limit: 2 });
    expect(await claims.claimQueuedJobs({ replicaId: 'r2', now: T0 + TTL - 1, limit: 2 })).toEqual([]);
    const taken = await claims.claimQueuedJobs({ replicaId: 'r2', now: T0 + TTL, limit: 2 });
    expect(taken.map((claimed) => claimed.jobId)).toEqual(['job_00', 'job_01']);
    await close();
  });

  it('finds the running jobs of replicas that are gone', async () => {
    const { store, claims, heartbeats, close } = await storeWithJobs(3);
    await heartbeats.heartbeat({ replicaId: 'r1', now: T0, ttlMs: TTL });
    await heartbeats.heartbeat({ replicaId: 'r2', now: T0, ttlMs: 2 * TTL });
    const [a] = await claims.claimQueuedJobs({ replicaId: 'r1', now: T0, limit: 1 });
    const [b] = await claims.claimQueuedJobs({ replicaId: 'r2', now: T0, limit: 1 });
    for (const claimed of [a, b]) {
      if (claimed === undefined) throw new Error('nothing claimed');
      await store.recordTransition(jobTransition({ ...claimed, status: 'running' }, T0));
    }
    expect(await claims.orphanedJobs(T0 + 1)).toEqual([]);
    const orphans = await claims.orphanedJobs(T0 + TTL);
    expect(orphans.map((orphan) => [orphan.jobId, orphan.ownerReplica])).toEqual([['job_00', 'r1']]);
    await close();
  });
});
