import type { OutboxEntry, OutboxMessage } from '@lukhas/core';
import { canary, canaryTransition, job, jobTransition, memoryStore, T0 } from '@lukhas/persistence/testing';
import { waitFor } from '@lukhas/test-kit';
import { describe, expect, it } from 'vitest';
import { outboxGivenUpAudit } from './outbox-given-up.ts';
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
  it('gives a call that keeps failing up after maxAttempts, with one audit line on its canary', async () => {
    const { db, store, close } = await memoryStore();
    await store.recordTransition({
      ...canaryTransition(canary('canary_7', 'm', T0), T0, 'started'),
      outbox: [{ kind: 'canary.webhook', key: 'canary_7:rolled_back', payload: {} }],
    });
    // Ten minutes pass between ticks: every retry is due at the next one.
    let clock = T0 + 3_600_000;
    const now = () => (clock += 600_000);
    let attempts = 0;
    const relay = startOutboxRelay({
      store,
      owner: 'replica-a',
      now,
      intervalMs: 10,
      maxAttempts: 3,
      deliverers: {
        'canary.webhook': async () => {
          attempts += 1;
          return { outcome: 'retry', error: 'HTTP 503' };
        },
      },
      onGivenUp: (message, given) => store.recordAudit(outboxGivenUpAudit(message, given, clock)),
      onError: (error) => {
        throw error;
      },
    });
    await waitFor(async () => (await store.outboxStats(clock)).depth === 0);
    await relay.close();
    expect(attempts).toBe(3);
    const row = await db
      .selectFrom('outbox')
      .select(['outcome', 'attempts', 'last_error'])
      .executeTakeFirst();
    expect(row).toEqual({
      outcome: 'given_up',
      attempts: 3,
      last_error: '3 attempts failed, the last one: HTTP 503',
    });
    const audits = await db
      .selectFrom('audits')
      .select(['action', 'entity_type', 'entity_id', 'details'])
      .where('action', '=', 'outbox.given_up')
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity_type: 'canary', entity_id: 'canary_7' });
    expect(JSON.parse(audits[0]?.details ?? '{}')).toMatchObject({
      key: 'canary_7:rolled_back',
      kind: 'canary.webhook',
      attempts: 3,
    });
    const lines = await db
      .selectFrom('audits_narrative')
      .select('message')
      .where('event_type', '=', 'outbox_given_up')
      .execute();
    expect(lines.map((line) => line.message)).toEqual([
      'canary.webhook call canary_7:rolled_back given up: 3 attempts failed, the last one: HTTP 503',
    ]);
    await close();
  });
});
