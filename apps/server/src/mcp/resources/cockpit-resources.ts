/**
 * The cockpit's resources, as three templates: a job, a canary (record + samples + decision math)
 * and the narrative of any id. `resources/list` shows the recent jobs and canaries; each template
 * variable completes from the store; an id nothing is recorded about is the SDK's
 * resource-not-found error (-32602 with the URI) with a sentence saying where ids come from.
 */
import {
  type McpServer,
  type ReadResourceResult,
  type Resource,
  ResourceNotFoundError,
  ResourceTemplate,
  type TextResourceContents,
  type Variables,
} from '@modelcontextprotocol/server';
import { requireProtocolScope } from '../protocol-access.ts';
import type { McpToolContext } from '../tool-context.ts';
import { completeAnyIds, completeCanaryIds, completeJobIds, forReaders } from './id-completions.ts';
import { type ResourceReading, readCanary, readJob, readNarrative } from './resource-readers.ts';
import { canaryUri, jobUri, RESOURCE_TEMPLATES } from './resource-uris.ts';

/** How many recent jobs and canaries `resources/list` shows (each kind). */
const LISTED = 20;

/**
 * Registers the three templates on `server`.
 *
 * @example
 * registerCockpitResources(server, context);
 */
export function registerCockpitResources(server: McpServer, context: McpToolContext): void {
  const store = context.cockpit.store;
  const reading: ResourceReading = { store, now: context.now };

  server.registerResource(
    'job',
    new ResourceTemplate(RESOURCE_TEMPLATES.job, {
      list: async () => ({ resources: await recentJobs(context) }),
      complete: { jobId: forReaders(context, (typed) => completeJobIds(store, typed)) },
    }),
    {
      title: 'Evaluation job',
      description: 'One evaluation job as get_job shows it: status, progress, result or error, timestamps.',
      mimeType: 'application/json',
    },
    (uri, variables) =>
      readOrNotFound(context, uri, variable(variables, 'jobId'), (id) => readJob(id, reading), {
        missing: (id) => `no job ${JSON.stringify(id)}; list_jobs shows the recent ones [JOB_NOT_FOUND]`,
      }),
  );

  server.registerResource(
    'canary',
    new ResourceTemplate(RESOURCE_TEMPLATES.canary, {
      list: async () => ({ resources: await recentCanaries(context) }),
      complete: { canaryId: forReaders(context, (typed) => completeCanaryIds(store, typed)) },
    }),
    {
      title: 'Canary with its decision math',
      description:
        'One canary: {canary, samples, math}. canary is the record get_canary shows (policy, status, decision); ' +
        'samples every SLO sample; math what why_math answers (thresholds, counts, the rule that fired, the ' +
        'baseline comparisons), or the rule over the samples so far while it runs.',
      mimeType: 'application/json',
    },
    (uri, variables) =>
      readOrNotFound(context, uri, variable(variables, 'canaryId'), (id) => readCanary(id, reading), {
        missing: (id) =>
          `no canary ${JSON.stringify(id)}; list_canaries shows the recent ones [CANARY_NOT_FOUND]`,
      }),
  );

  server.registerResource(
    'narrative',
    new ResourceTemplate(RESOURCE_TEMPLATES.narrative, {
      // Every job and canary has one; listing them again would only double the list.
      list: undefined,
      complete: { id: forReaders(context, (typed) => completeAnyIds(store, typed)) },
    }),
    {
      title: 'Narrative audit trail',
      description:
        'Everything that happened to a job, a canary or a model, one line per event, oldest first (what why answers).',
      mimeType: 'text/plain',
    },
    (uri, variables) =>
      readOrNotFound(context, uri, variable(variables, 'id'), (id) => readNarrative(id, reading), {
        missing: (id) =>
          `nothing recorded for ${JSON.stringify(id)}: the narrative takes a job id (job_…), a canary id (canary_…) or a model id [NOT_FOUND]`,
      }),
  );
}

async function readOrNotFound(
  context: McpToolContext,
  uri: URL,
  id: string,
  read: (id: string) => Promise<TextResourceContents | undefined>,
  messages: { readonly missing: (id: string) => string },
): Promise<ReadResourceResult> {
  requireProtocolScope(context, 'read', `reading ${uri.href}`);
  const contents = id === '' ? undefined : await read(id);
  if (contents === undefined) throw new ResourceNotFoundError(uri.href, messages.missing(id));
  return { contents: [contents] };
}

// A level-1 template variable is one string; the SDK types allow a list for the exploded forms.
function variable(variables: Variables, name: string): string {
  const value = variables[name];
  const raw = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

async function recentJobs(context: McpToolContext): Promise<Resource[]> {
  if (!context.scopes.includes('read')) return [];
  const jobs = await context.cockpit.store.listJobs({ limit: LISTED });
  return jobs.map((job) => ({
    uri: jobUri(job.jobId),
    name: job.jobId,
    title: `Job ${job.jobId} (${job.taskId}, ${job.status})`,
    mimeType: 'application/json',
  }));
}

async function recentCanaries(context: McpToolContext): Promise<Resource[]> {
  if (!context.scopes.includes('read')) return [];
  const canaries = await context.cockpit.store.listCanaries({ limit: LISTED });
  return canaries.map((canary) => ({
    uri: canaryUri(canary.canaryId),
    name: canary.canaryId,
    title: `Canary ${canary.modelId} ${canary.fromGate} → ${canary.toGate} (${canary.status})`,
    mimeType: 'application/json',
  }));
}
