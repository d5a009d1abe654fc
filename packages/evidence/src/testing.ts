/**
 * `@lukhas/evidence/testing`: a migrated in-memory store filled with what a pack holds, for the
 * server's test of its `/evidence/export` route. It needs `@lukhas/persistence`, a dev dependency
 * here: only tests import this subpath.
 *
 * @example
 * const store = await filledEvidenceStore(); // two jobs and a rolled-back canary around T0
 */
export { filledEvidenceStore, T0 } from './fixtures/evidence-store.ts';
