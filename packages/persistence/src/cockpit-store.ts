/**
 * The CockpitStore of core over a migrated database: atomic transitions plus every read the
 * engines, the SSE replay and the evidence export need.
 */
import type { CockpitEvent, CockpitStore, OutboxMessage, OutboxStore } from '@lukhas/core';
import type { Kysely } from 'kysely';
import { AUDIT_PAGE_SIZE, createAuditLog } from './audit-log.ts';
import { createCanaryStore } from './canary-store.ts';
import type { Database } from './database-schema.ts';
import { createWritabilityMonitor, type Writability } from './database-writability.ts';
import { createEventLog } from './event-log.ts';
import { createEvidenceReads, type EvidenceReads } from './evidence-reads.ts';
import { checkHealth, type StoreHealth } from './health-check.ts';
import { createJobStore } from './job-store.ts';
import { storageStateOf } from './open-database.ts';
import { createOutboxStore } from './outbox-store.ts';
import { createStatusCounts, type StatusCounts } from './status-counts.ts';
import { createTransitionRecorder } from './transition-recorder.ts';

/** Options of the store. */
export interface CockpitStoreOptions {
  /** Called synchronously with each stored event, after its transaction committed, in id order. */
  readonly onEvent?: (event: CockpitEvent) => void;
  /** Calls owed for a stored event, written in its transaction (see `TransitionRecorderOptions`). */
  readonly outboxFor?: (event: CockpitEvent) => readonly OutboxMessage[];
  /** Rows per page when streaming audit ranges (default 1000). */
  readonly pageSize?: number;
}

/**
 * The CockpitStore plus the health write-check `/health` reports, the counts `/metrics` reads and
 * the range reads of the evidence export.
 */
export interface CockpitDatabaseStore extends CockpitStore, OutboxStore, StatusCounts, EvidenceReads {
  /** Checks the files, reads a `meta` row, reports the latest write outcome; never throws. */
  healthCheck(): Promise<StoreHealth>;
  /** Whether writes work, as the latest commit or storage failure said; no I/O. */
  writability(): Writability;
  /**
   * Hears every change of {@link writability}: a storage failure (disk full, I/O error) makes it
   * false, and the first commit afterwards (the store probes every 2 s by itself) makes it true
   * again, which is when stuck work can be retried. Returns the unsubscribe function.
   */
  onWritabilityChange(listener: (writability: Writability) => void): () => void;
}

/**
 * A CockpitStore over `db` (run `migrateToLatest` first). Use one store per database: it
 * serialises its own writes so `onEvent` sees events in id order.
 *
 * @example
 * const store = createCockpitStore(db, { onEvent: (event) => bus.publish(event) });
 * const event = await store.recordTransition(record);
 * const missed = await store.eventsAfter({ afterId: 41, selection: { kinds: ['job'] } });
 */
export function createCockpitStore(
  db: Kysely<Database>,
  options: CockpitStoreOptions = {},
): CockpitDatabaseStore {
  // A database not opened by openDatabase has no driver feeding a monitor: it stays writable.
  const writability = storageStateOf(db)?.writability ?? createWritabilityMonitor({ probe: async () => {} });
  return {
    ...createTransitionRecorder(db, options),
    ...createJobStore(db),
    ...createCanaryStore(db),
    ...createEventLog(db),
    ...createOutboxStore(db),
    ...createAuditLog(db, options.pageSize ?? AUDIT_PAGE_SIZE),
    ...createStatusCounts(db),
    ...createEvidenceReads(db, options.pageSize ?? AUDIT_PAGE_SIZE),
    healthCheck: () => checkHealth(db),
    writability: () => writability.current(),
    onWritabilityChange: (listener) => writability.onChange(listener),
  };
}
