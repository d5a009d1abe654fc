/**
 * Completion of ids (`completion/complete`) from the store: the resource templates' variables and
 * the prompts' arguments offer the ids that exist, newest first, that start with what was typed.
 */
import type { CanaryStore, JobStore } from '@lukhas/core';
import type { Access } from '../../access/index.ts';

/** The store reads completion needs. */
export type IdCompletionStore = Pick<JobStore, 'listJobs'> & Pick<CanaryStore, 'listCanaries'>;

/** How many recent entities are searched per kind: completion is a hint, not a query language. */
const SEARCHED = 200;

/** Job ids starting with `typed`, newest first. */
export async function completeJobIds(store: IdCompletionStore, typed: string): Promise<string[]> {
  const jobs = await store.listJobs({ limit: SEARCHED });
  return startingWith(
    jobs.map((job) => job.jobId),
    typed,
  );
}

/** Canary ids starting with `typed`, newest first. */
export async function completeCanaryIds(store: IdCompletionStore, typed: string): Promise<string[]> {
  const canaries = await store.listCanaries({ limit: SEARCHED });
  return startingWith(
    canaries.map((canary) => canary.canaryId),
    typed,
  );
}

/** Model ids (of the recent canaries) starting with `typed`, most recently canaried first. */
export async function completeModelIds(store: IdCompletionStore, typed: string): Promise<string[]> {
  const canaries = await store.listCanaries({ limit: SEARCHED });
  return startingWith(
    canaries.map((canary) => canary.modelId),
    typed,
  );
}

/** Any id the narrative knows: jobs, canaries and models. */
export async function completeAnyIds(store: IdCompletionStore, typed: string): Promise<string[]> {
  const [jobs, canaries, models] = await Promise.all([
    completeJobIds(store, typed),
    completeCanaryIds(store, typed),
    completeModelIds(store, typed),
  ]);
  return [...models, ...canaries, ...jobs];
}

// Distinct, in the order given (newest first), case-sensitive as ids are.
function startingWith(ids: readonly string[], typed: string): string[] {
  return [...new Set(ids.filter((id) => id.startsWith(typed)))];
}

/**
 * `complete`, for a caller with the read scope; nothing for one without (ids are what `read` guards).
 *
 * @example
 * complete: { jobId: forReaders(context, (typed) => completeJobIds(store, typed)) }
 */
export function forReaders(
  access: Access,
  complete: (typed: string) => Promise<string[]>,
): (typed: string) => Promise<string[]> {
  return (typed) => (access.scopes.includes('read') ? complete(typed) : Promise.resolve([]));
}
