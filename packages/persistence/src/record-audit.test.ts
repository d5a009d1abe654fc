import type { CockpitEvent } from '@lukhas/core';
import { expect, it } from 'vitest';
import { closeDatabase } from './open-database.ts';
import { canary, canaryTransition, describeEachBackend, T0 } from './testing.ts';

describeEachBackend('recordAudit', (backend) => {
  it('stores an audit row and a narrative line, publishes no event', async () => {
    const events: CockpitEvent[] = [];
    const { db, store } = await backend.openStore({ onEvent: (event) => events.push(event) });
    await store.recordTransition(canaryTransition(canary('canary_1', 'lukhas-agi-v3', T0), T0, 'started'));

    await store.recordAudit({
      at: T0 + 61_000,
      operator: 'system',
      entityType: 'canary',
      entityId: 'canary_1',
      modelId: 'lukhas-agi-v3',
      audit: { action: 'canary.webhook', details: { hook: 'on_promote', status: 200, attempts: 1 } },
      narrative: {
        eventType: 'webhook',
        message: 'canary lukhas-agi-v3 → webhook on_promote answered 200 after 1 attempt',
        context: { hook: 'on_promote' },
      },
    });

    expect(events.map((event) => event.type)).toEqual(['started']);
    expect(await store.lastEventId()).toBe(1);
    const lines = await store.narrativeFor('lukhas-agi-v3');
    expect(lines.at(-1)).toMatchObject({
      eventType: 'webhook',
      entityType: 'canary',
      entityId: 'canary_1',
      line: '[2025-10-03 14:21] canary lukhas-agi-v3 → webhook on_promote answered 200 after 1 attempt',
      context: { hook: 'on_promote' },
    });
    const audits = [];
    for await (const audit of store.auditsBetween({ from: T0, to: T0 + 120_000 })) audits.push(audit);
    expect(audits.at(-1)).toEqual({
      id: 2,
      createdAt: '2025-10-03T14:21:01.000Z',
      actor: 'system',
      action: 'canary.webhook',
      entityType: 'canary',
      entityId: 'canary_1',
      details: { hook: 'on_promote', status: 200, attempts: 1 },
    });
    await closeDatabase(db);
  });

  it('stores nothing when a row cannot be written, and says so', async () => {
    const { db, store } = await backend.openStore();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(
      store.recordAudit({
        at: T0,
        operator: 'system',
        entityType: 'model',
        entityId: 'm',
        audit: { action: 'model.note', details: { fine: true } },
        narrative: { eventType: 'note', message: 'model m → noted', context: circular },
      }),
    ).rejects.toMatchObject({
      code: 'AUDIT_FAILED',
      message: expect.stringContaining('nothing of it was stored'),
    });
    const audits = [];
    for await (const audit of store.auditsBetween({ from: T0 - 1, to: T0 + 1 })) audits.push(audit);
    expect(audits).toEqual([]);
    expect(await store.narrativeFor('m')).toEqual([]);
    await closeDatabase(db);
  });
});
