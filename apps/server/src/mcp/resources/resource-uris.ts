/**
 * The cockpit's resource URIs, written once: `cockpit://jobs/{jobId}`, `cockpit://canaries/{canaryId}`
 * and `cockpit://narrative/{id}`. The templates, the readers, the prompts that embed resources and
 * the updates published from the event bus all build and read them here.
 */
import type { CockpitEvent } from '@lukhas/core';

/** The URI templates (RFC 6570 level 1), as `resources/templates/list` shows them. */
export const RESOURCE_TEMPLATES = {
  job: 'cockpit://jobs/{jobId}',
  canary: 'cockpit://canaries/{canaryId}',
  narrative: 'cockpit://narrative/{id}',
} as const;

/** The URI of one evaluation job. */
export function jobUri(jobId: string): string {
  return `cockpit://jobs/${encodeURIComponent(jobId)}`;
}

/** The URI of one canary (its record, samples and decision math). */
export function canaryUri(canaryId: string): string {
  return `cockpit://canaries/${encodeURIComponent(canaryId)}`;
}

/** The URI of the narrative of any id: a job, a canary or a model. */
export function narrativeUri(id: string): string {
  return `cockpit://narrative/${encodeURIComponent(id)}`;
}

/**
 * The resources one event changes: its job or canary, that entity's narrative, and for a canary
 * event naming its model, the model's narrative too (the model's story includes its canaries).
 *
 * @example
 * for (const uri of urisChangedBy(event)) handler.notify.resourceUpdated(uri);
 */
export function urisChangedBy(event: CockpitEvent): string[] {
  const uris =
    event.kind === 'job'
      ? [jobUri(event.entityId), narrativeUri(event.entityId)]
      : [canaryUri(event.entityId), narrativeUri(event.entityId)];
  const modelId = event.data.modelId;
  if (event.kind === 'canary' && typeof modelId === 'string' && modelId !== event.entityId) {
    uris.push(narrativeUri(modelId));
  }
  return uris;
}
