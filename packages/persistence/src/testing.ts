/**
 * `@lukhas/persistence/testing`: a real migrated SQLite store and the records to fill it with
 * (jobs, canaries, samples, decisions, and the transitions that store them), for the tests of
 * every package that reads or writes the store. Only tests import this subpath.
 *
 * @example
 * const { store, close } = await memoryStore();
 * const running = canary('canary_1', 'matriz-v3', T0);
 * await store.recordTransition(canaryTransition(running, T0, 'started'));
 * await store.recordTransition(
 *   canaryTransition(running, T0 + 30_000, 'metric', {
 *     sample: sample(running, 1, T0 + 30_000, { latency: 900, errorRate: 0.001 }),
 *   }),
 * );
 * await close();
 */
export { type CanaryRun, type LadderMove, recordCanaryRun } from './fixtures/canary-run.ts';
export {
  findPostgresBin,
  type PostgresCluster,
  type PostgresClusterOptions,
  startPostgresCluster,
} from './fixtures/postgres-cluster.ts';
export {
  canary,
  decidedCanary,
  job,
  POLICY,
  type SampleValues,
  sample,
  T0,
} from './fixtures/records.ts';
export {
  BACKEND_NAMES,
  type BackendName,
  describeEachBackend,
  type StoreBackend,
} from './fixtures/store-backends.ts';
export { fileStore, memoryStore, type TestStore } from './fixtures/test-store.ts';
export { canaryTransition, jobTransition, type TransitionText } from './fixtures/transitions.ts';
