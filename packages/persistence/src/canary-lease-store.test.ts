import { expect, it } from 'vitest';
import { createCanaryLeaseStore } from './canary-lease-store.ts';
import { isPersistenceError } from './persistence-error.ts';
import { canary, canaryTransition, describeEachBackend, sample, T0 } from './testing.ts';

const TTL = 15_000;

describeEachBackend('canary lease store', (backend) => {
  async function storeWithCanaries(...canaryIds: string[]) {
    const opened = await backend.openStore();
    for (const [index, canaryId] of canaryIds.entries()) {
      await opened.store.recordTransition(
        canaryTransition(canary(canaryId, `m${index}`, T0 + index), T0, 'started'),
      );
    }
    return { ...opened, leases: createCanaryLeaseStore(opened.db) };
  }

  it('gives a lease to one replica until it expires, then to another with the next token', async () => {
    const { leases, close } = await storeWithCanaries('canary_a');
    const first = await leases.acquireLease({ canaryId: 'canary_a', owner: 'r1', now: T0, ttlMs: TTL });
    expect(first).toEqual({ canaryId: 'canary_a', owner: 'r1', token: 1, expiresAt: T0 + TTL });
    expect(
      await leases.acquireLease({ canaryId: 'canary_a', owner: 'r2', now: T0 + TTL - 1, ttlMs: TTL }),
    ).toBeUndefined();
    // The same replica id (a restart) takes it back at once, with a new token.
    expect(
      (await leases.acquireLease({ canaryId: 'canary_a', owner: 'r1', now: T0 + 10, ttlMs: TTL }))?.token,
    ).toBe(2);
    const taken = await leases.acquireLease({
      canaryId: 'canary_a',
      owner: 'r2',
      now: T0 + 10 + TTL,
      ttlMs: TTL,
    });
    expect(taken).toEqual({ canaryId: 'canary_a', owner: 'r2', token: 3, expiresAt: T0 + 10 + 2 * TTL });
    // An operator's abort on another replica takes it by force.
    const forced = await leases.acquireLease({
      canaryId: 'canary_a',
      owner: 'r3',
      now: T0 + 11 + TTL,
      ttlMs: TTL,
      force: true,
    });
    expect(forced?.token).toBe(4);
    await close();
  });

  it('stores a fenced write only while its token holds; a taken-over writer stores nothing', async () => {
    const { store, leases, close } = await storeWithCanaries('canary_a');
    const running = canary('canary_a', 'm0', T0);
    const old = await leases.acquireLease({ canaryId: 'canary_a', owner: 'r1', now: T0, ttlMs: TTL });
    if (old === undefined) throw new Error('no lease');
    const write = (seq: number, lease: typeof old) =>
      store.recordTransition({
        ...canaryTransition(running, T0 + seq, 'metric', {
          sample: sample(running, seq, T0 + seq * 1000, { latency: 100, errorRate: 0 }),
        }),
        lease,
      });
    await write(1, old);
    const taken = await leases.acquireLease({ canaryId: 'canary_a', owner: 'r2', now: T0 + TTL, ttlMs: TTL });
    if (taken === undefined) throw new Error('no takeover');
    const before = await store.lastEventId();
    const refused = await write(2, old).catch((error: unknown) => error);
    expect(isPersistenceError(refused, 'LEASE_LOST')).toBe(true);
    expect((refused as Error).message).toBe(
      'canary canary_a: replica r1 lost its lease (token 1): replica r2 holds it with token 2; nothing was stored',
    );
    expect(await store.lastEventId()).toBe(before);
    expect((await store.samplesOf('canary_a')).map((stored) => stored.seq)).toEqual([1]);
    await write(2, taken);
    expect((await store.samplesOf('canary_a')).map((stored) => stored.seq)).toEqual([1, 2]);
    await close();
  });

  it('renews only the leases a replica still holds, and a released lease fences its holder out', async () => {
    const { leases, close } = await storeWithCanaries('canary_a', 'canary_b', 'canary_c');
    for (const canaryId of ['canary_a', 'canary_b'])
      await leases.acquireLease({ canaryId, owner: 'r1', now: T0, ttlMs: TTL });
    await leases.acquireLease({ canaryId: 'canary_b', owner: 'r2', now: T0 + TTL, ttlMs: TTL });
    const renewed = await leases.renewLeases({
      owner: 'r1',
      canaryIds: ['canary_a', 'canary_b'],
      now: T0 + TTL + 1,
      ttlMs: TTL,
    });
    expect(renewed).toEqual(['canary_a']);
    expect(await leases.orphanedCanaries(T0 + TTL + 2)).toEqual(['canary_c']);
    expect(Object.fromEntries(await leases.leaseCounts(T0 + TTL + 2))).toEqual({ r1: 1, r2: 1 });
    await leases.releaseLease({ canaryId: 'canary_a', owner: 'r1', token: 1 });
    expect(
      await leases.renewLeases({ owner: 'r1', canaryIds: ['canary_a'], now: T0 + TTL + 3, ttlMs: TTL }),
    ).toEqual([]);
    expect(await leases.orphanedCanaries(T0 + TTL + 3)).toEqual(['canary_a', 'canary_c']);
    // The token keeps growing after a release.
    expect(
      (await leases.acquireLease({ canaryId: 'canary_a', owner: 'r3', now: T0 + TTL + 4, ttlMs: TTL }))
        ?.token,
    ).toBe(2);
    await close();
  });

  it('lets exactly one of many replicas racing for each canary win it', async () => {
    const canaryIds = Array.from({ length: 12 }, (_, index) => `canary_${index}`);
    const { leases, close } = await storeWithCanaries(...canaryIds);
    const replicas = ['r1', 'r2', 'r3'];
    const grants = await Promise.all(
      replicas.flatMap((owner) =>
        canaryIds.map((canaryId) => leases.acquireLease({ canaryId, owner, now: T0, ttlMs: TTL })),
      ),
    );
    const won = grants.filter((grant) => grant !== undefined);
    expect(won.map((grant) => grant.canaryId).sort()).toEqual([...canaryIds].sort());
    expect(new Set(won.map((grant) => grant.token))).toEqual(new Set([1]));
    await close();
  });

  it('drops the lease of a start that was refused, only while its fence holds', async () => {
    const { db, leases, close } = await storeWithCanaries();
    const lease = await leases.acquireLease({ canaryId: 'canary_new', owner: 'r1', now: T0, ttlMs: TTL });
    if (lease === undefined) throw new Error('the lease of a new canary is free');
    await leases.dropLease({ canaryId: 'canary_new', owner: 'r2', token: lease.token });
    await leases.dropLease({ canaryId: 'canary_new', owner: 'r1', token: lease.token + 1 });
    expect(await db.selectFrom('canary_leases').select('canary_id').execute()).toHaveLength(1);
    await leases.dropLease({ canaryId: 'canary_new', owner: 'r1', token: lease.token });
    expect(await db.selectFrom('canary_leases').select('canary_id').execute()).toEqual([]);
    await close();
  });

  it('knows which replicas are alive by their heartbeats', async () => {
    const { leases, close } = await storeWithCanaries();
    await leases.heartbeat({ replicaId: 'r2', now: T0, ttlMs: TTL });
    await leases.heartbeat({ replicaId: 'r1', now: T0, ttlMs: TTL });
    expect(await leases.liveReplicas(T0 + 1)).toEqual(['r1', 'r2']);
    await leases.heartbeat({ replicaId: 'r1', now: T0 + TTL, ttlMs: TTL });
    expect(await leases.liveReplicas(T0 + TTL)).toEqual(['r1']);
    await close();
  });
});
