/**
 * The audit line of a call the outbox stopped trying (a final refusal, or `OUTBOX_MAX_ATTEMPTS`
 * failed attempts): without it a webhook or notification that never arrived would leave only a
 * settled row behind. Written by the relay's `onGivenUp`, on the entity whose transition owed it.
 */
import type { AuditRecord, EventKind, OutboxEntry } from '@lukhas/core';
import { NOTIFICATION_KIND } from './cockpit-notifier.ts';

/** The audit record of `message` given up after `given.attempts` attempts, `given.error` saying why. */
export function outboxGivenUpAudit(
  message: OutboxEntry,
  given: { readonly error: string; readonly attempts: number },
  at: number,
): AuditRecord {
  const { key, kind, entityId, createdAt } = message;
  return {
    at,
    operator: 'system',
    entityType: entityTypeOf(message),
    entityId,
    audit: {
      action: 'outbox.given_up',
      details: { key, kind, attempts: given.attempts, error: given.error, owedSince: createdAt },
    },
    narrative: {
      eventType: 'outbox_given_up',
      message: `${kind} call ${key} given up: ${given.error}`,
      context: { key, kind, attempts: given.attempts },
    },
  };
}

// A notification's payload is the event it tells about; every other kind is a canary's call.
function entityTypeOf(message: OutboxEntry): EventKind {
  if (message.kind !== NOTIFICATION_KIND) return 'canary';
  const { kind } = (message.payload ?? {}) as { kind?: unknown };
  return kind === 'job' || kind === 'file' ? kind : 'canary';
}
