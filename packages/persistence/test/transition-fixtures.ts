/**
 * Builders of realistic records and transitions for the persistence tests.
 */
import type {
  CanaryEventType,
  CanaryRecord,
  CanarySample,
  JobEventType,
  JobRecord,
  SloPolicy,
  StoredSample,
  TransitionRecord,
} from '@lukhas/core';
import type { Kysely } from 'kysely';
import {
  type CockpitDatabaseStore,
  type CockpitStoreOptions,
  createCockpitStore,
} from '../src/cockpit-store.ts';
import type { Database } from '../src/database-schema.ts';
import { migrateToLatest } from '../src/migrate.ts';
import { openDatabase } from '../src/open-database.ts';

/** 2025-10-03 14:20:00.000 UTC. */
export const T0 = Date.UTC(2025, 9, 3, 14, 20, 0, 0);

/** A migrated in-memory database and a store over it. */
export async function memoryStore(
  options: CockpitStoreOptions = {},
): Promise<{ db: Kysely<Database>; store: CockpitDatabaseStore }> {
  const db = openDatabase({ file: ':memory:' });
  await migrateToLatest(db);
  return { db, store: createCockpitStore(db, options) };
}

/** The policy the fixtures' canaries run under. */
export const POLICY: SloPolicy = {
  windowSeconds: 300,
  intervalSeconds: 30,
  failureLimit: 0,
  minSamples: 3,
  targets: { latency_p95_ms: 800, max_error_rate: 0.01 },
};

/** A queued job created at `at`. */
export function job(jobId: string, at: number, overrides: Partial<JobRecord> = {}): JobRecord {
  const iso = new Date(at).toISOString();
  return {
    jobId,
    taskId: 'lukhas-agi-stress',
    configId: null,
    status: 'queued',
    progress: null,
    message: null,
    result: null,
    error: null,
    details: null,
    operator: 'system',
    createdAt: iso,
    updatedAt: iso,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** A running canary of `modelId` from stage to production, created at `at`. */
export function canary(
  canaryId: string,
  modelId: string,
  at: number,
  overrides: Partial<CanaryRecord> = {},
): CanaryRecord {
  const iso = new Date(at).toISOString();
  return {
    canaryId,
    modelId,
    fromGate: 'stage',
    toGate: 'production',
    status: 'running',
    policy: POLICY,
    webhooks: null,
    operator: 'system',
    createdAt: iso,
    updatedAt: iso,
    startedAt: iso,
    windowEndsAt: new Date(at + POLICY.windowSeconds * 1000).toISOString(),
    decidedAt: null,
    decision: null,
    math: null,
    traffic: null,
    ...overrides,
  };
}

/** A judged sample with the given judged latency and error rate. */
export function sample(
  target: { canaryId: string; modelId: string },
  seq: number,
  at: number,
  values: { latency: number; errorRate: number },
): StoredSample {
  const breaches: CanarySample['breaches'] = [
    ...(values.latency > 800
      ? [{ metric: 'latency_p95_ms' as const, value: values.latency, target: 800 }]
      : []),
    ...(values.errorRate > 0.01
      ? [{ metric: 'error_rate' as const, value: values.errorRate, target: 0.01 }]
      : []),
  ];
  const readings = { latency_p95_ms: values.latency, error_rate: values.errorRate, drift: null };
  return {
    canaryId: target.canaryId,
    modelId: target.modelId,
    gate: 'production',
    seq,
    at,
    observed: readings,
    values: readings,
    fallback: false,
    fallbackReasons: {},
    breaches,
    breached: breaches.length > 0,
  };
}

/** A job transition: the job's new state, its audit, narrative and event. */
export function jobTransition(
  record: JobRecord,
  at: number,
  type: JobEventType = 'queued',
): TransitionRecord {
  return {
    at,
    operator: record.operator,
    job: record,
    audit: { action: `job.${type}`, details: { status: record.status } },
    narrative: { eventType: type, message: `${record.jobId} → ${type}`, context: { taskId: record.taskId } },
    event: { type, data: { jobId: record.jobId, status: record.status } },
  };
}

/** A canary transition: its new state, optionally a sample or a model gate. */
export function canaryTransition(
  record: CanaryRecord,
  at: number,
  type: CanaryEventType,
  extra: Pick<TransitionRecord, 'sample' | 'model'> = {},
): TransitionRecord {
  return {
    at,
    operator: record.operator,
    canary: record,
    ...extra,
    audit: { action: `canary.${type}`, details: { status: record.status } },
    narrative: { eventType: type, message: `canary ${record.modelId} → ${type}` },
    event: { type, data: { canaryId: record.canaryId, status: record.status } },
  };
}
