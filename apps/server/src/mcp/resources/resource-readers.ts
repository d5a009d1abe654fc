/**
 * What each cockpit resource holds, read from the store: a job as JSON, a canary (record, samples
 * and the decision math `why_math` computes) as JSON, the narrative of any id as text lines. Each
 * reader answers `undefined` for an id nothing is recorded about; the caller turns that into the
 * resource-not-found error. The prompts embed the same readings.
 */
import type { AuditLog, CanaryStore, JobStore } from '@lukhas/core';
import type { TextResourceContents } from '@modelcontextprotocol/server';
import { canaryView, sampleView } from '../tools/canary-view.ts';
import { type WhyMathStore, whyMath } from '../why-math.ts';
import { canaryUri, jobUri, narrativeUri } from './resource-uris.ts';

/** The store reads the resources need. */
export type ResourceStore = Pick<JobStore, 'getJob'> &
  Pick<CanaryStore, 'getCanary' | 'samplesOf'> &
  Pick<AuditLog, 'narrativeFor'> &
  WhyMathStore;

/** What a reader is given. */
export interface ResourceReading {
  readonly store: ResourceStore;
  /** Epoch ms, for the math of a running canary. */
  readonly now: () => number;
}

/** The job as `get_job` shows it. */
export async function readJob(
  jobId: string,
  { store }: ResourceReading,
): Promise<TextResourceContents | undefined> {
  const job = await store.getJob(jobId);
  if (job === undefined) return undefined;
  return { uri: jobUri(jobId), mimeType: 'application/json', text: JSON.stringify(job) };
}

/**
 * The canary as `get_canary` shows it (webhook URLs cut to their origin) with its samples, and
 * `math`: `why_math`'s answer for it (the stored decision math, or the rule over the samples so far).
 */
export async function readCanary(
  canaryId: string,
  reading: ResourceReading,
): Promise<TextResourceContents | undefined> {
  const canary = await reading.store.getCanary(canaryId);
  if (canary === undefined) return undefined;
  const [samples, answer] = await Promise.all([
    reading.store.samplesOf(canaryId),
    whyMath(canaryId, reading),
  ]);
  const body = {
    canary: canaryView(canary),
    samples: samples.map(sampleView),
    math: answer.found ? answer.math : null,
  };
  return { uri: canaryUri(canaryId), mimeType: 'application/json', text: JSON.stringify(body) };
}

/** The narrative lines of a job, a canary or a model, oldest first, one per line. */
export async function readNarrative(
  id: string,
  { store }: ResourceReading,
): Promise<TextResourceContents | undefined> {
  const entries = await store.narrativeFor(id);
  if (entries.length === 0) return undefined;
  return {
    uri: narrativeUri(id),
    mimeType: 'text/plain',
    text: entries.map((entry) => entry.line).join('\n'),
  };
}
