import type { OutboxEntry, OutboxMessage } from '@lukhas/core';
import { job, jobTransition, memoryStore, T0 } from '@lukhas/persistence/testing';
import { waitFor } from '@lukhas/test-kit';
import { describe, expect, it } from 'vitest';
import { startOutboxRelay } from './outbox-relay.ts';

const message = (kind: string, key: string): OutboxMessage => ({ kind, key, payload: { key } });

describe('the outbox relay', () => {
  it('claims what is due, settles each outcome, and gives up on a kind nothing delivers', async () => {
    const { db, store, close } = await memoryStore();
    await store.recordTransition({
      ...jobTransition(job('job_1', T0), T0),
      outbox: [message('hook', 'ok'), message('hook', 'flaky'), message('carrier-pigeon', 'lost')],
    });
    const attempts: string[] = [];
    // An hour later: the writer's hand-off is long over.
    const now = () => T0 + 3_600_000;
    const relay = startOutboxRelay({
      store,
      owner: 'replica-a',
      now,
      intervalMs: 10,
      deliverers: {
        hook: async (entry: OutboxEntry) => {
          attempts.push(entry.key);
          if (entry.key === 'flaky') throw new Error('socket hang up');
          return { outcome: 'delivered' };
        },
      },
      onError: (error) => {
        throw error;
      },
    });
    await waitFor(
      async () =>
        (await db.selectFrom('outbox').where('attempts', '>', 0).selectAll().execute()).length === 3,
    );
    await relay.close();
    const rows = await db
      .selectFrom('outbox')
      .select(['key', 'outcome', 'last_error', 'claimed_by'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { key: 'ok', outcome: 'delivered', last_error: null, claimed_by: 'replica-a' },
      // A throw is worth another attempt (after the backoff), not a loss.
      { key: 'flaky', outcome: null, last_error: 'socket hang up', claimed_by: 'replica-a' },
      {
        key: 'lost',
        outcome: 'given_up',
        last_error: 'no deliverer for outbox messages of kind "carrier-pigeon"',
        claimed_by: 'replica-a',
      },
    ]);
    expect(attempts).toEqual(['ok', 'flaky']);
    expect(await store.outboxStats(now())).toEqual({ depth: 1, oldestAgeSeconds: 3600 });
    await close();
  });
});
