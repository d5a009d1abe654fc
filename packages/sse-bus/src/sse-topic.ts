/**
 * SSE topics (SPEC "SSE"): which events a stream carries and under which `event:` name.
 */
import type { CockpitEvent, EventKind, EventSelection } from '@lukhas/core';
import { SseBusError } from './sse-bus-error.ts';

/** A validated topic of a stream. */
export type SseTopic =
  /** `*`: every event, named by its lifecycle type. */
  | { readonly form: 'all'; readonly name: '*' }
  /** `jobs` / `canaries` / `files`: every event of a kind, named `job` / `canary` / `file`. */
  | { readonly form: 'collection'; readonly name: 'jobs' | 'canaries' | 'files'; readonly kind: EventKind }
  /** `job/*` / `canary/*` / `file/*`: every event of a kind, named by its lifecycle type. */
  | {
      readonly form: 'kind-wildcard';
      readonly name: 'job/*' | 'canary/*' | 'file/*';
      readonly kind: EventKind;
    }
  /** `job/<id>` / `canary/<id>` / `file/<path>`: one entity's events, named by their lifecycle type. */
  | { readonly form: 'entity'; readonly name: string; readonly kind: EventKind; readonly entityId: string };

/** The topic forms a stream accepts, as listed in errors and the README. */
export const ACCEPTED_TOPIC_FORMS = [
  'job/<id>',
  'canary/<id>',
  'jobs',
  'canaries',
  'job/*',
  'canary/*',
  '*',
  // File operations (LUKHAS_FILE_OPS=1): a file's path relative to the repository root.
  'file/<path>',
  'files',
  'file/*',
] as const;

/** At most this many topics on one stream. */
export const MAX_TOPICS = 32;

// Ids are `job_k3j9x0a1m2qz`-like; anything outside this set cannot be a stored id.
const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
// A file's id is its path relative to the repository root, as file operations store it: forward
// slashes, no control characters or backslashes, no empty, `.` or `..` segment.
const FILE_PATH = /^[^\p{Cc}\\]{1,1024}$/u;

function isFilePath(value: string): boolean {
  return (
    FILE_PATH.test(value) &&
    value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  );
}

const FIXED_TOPICS: Readonly<Record<string, SseTopic>> = {
  '*': { form: 'all', name: '*' },
  jobs: { form: 'collection', name: 'jobs', kind: 'job' },
  canaries: { form: 'collection', name: 'canaries', kind: 'canary' },
  'job/*': { form: 'kind-wildcard', name: 'job/*', kind: 'job' },
  'canary/*': { form: 'kind-wildcard', name: 'canary/*', kind: 'canary' },
  files: { form: 'collection', name: 'files', kind: 'file' },
  'file/*': { form: 'kind-wildcard', name: 'file/*', kind: 'file' },
};

/** What {@link safeParseTopics} returns. */
export type TopicsParseResult =
  | { readonly success: true; readonly topics: readonly SseTopic[] }
  | { readonly success: false; readonly error: SseBusError };

/**
 * Validates the `topic` values of a request; duplicates are dropped. Throws an {@link SseBusError}
 * (`MISSING_TOPIC`, `INVALID_TOPIC`, `TOO_MANY_TOPICS`).
 *
 * @example
 * parseTopics(['jobs', 'canary/canary_7fh2m9qz0c4d']);
 */
export function parseTopics(values: readonly string[]): readonly SseTopic[] {
  if (values.length === 0) {
    throw new SseBusError('MISSING_TOPIC', `a topic is required: ?topic=${ACCEPTED_TOPIC_FORMS.join(' | ')}`);
  }
  const unique = [...new Set(values)];
  if (unique.length > MAX_TOPICS) {
    throw new SseBusError('TOO_MANY_TOPICS', `at most ${MAX_TOPICS} topics per stream, got ${unique.length}`);
  }
  return unique.map(parseTopic);
}

/** {@link parseTopics} without throwing. */
export function safeParseTopics(values: readonly string[]): TopicsParseResult {
  try {
    return { success: true, topics: parseTopics(values) };
  } catch (error) {
    if (error instanceof SseBusError) return { success: false, error };
    throw error;
  }
}

function parseTopic(value: string): SseTopic {
  const fixed = FIXED_TOPICS[value];
  if (fixed) return fixed;
  const slash = value.indexOf('/');
  const prefix = slash === -1 ? '' : value.slice(0, slash);
  const entityId = value.slice(slash + 1);
  if ((prefix === 'job' || prefix === 'canary') && ENTITY_ID.test(entityId)) {
    return { form: 'entity', name: value, kind: prefix, entityId };
  }
  if (prefix === 'file' && isFilePath(entityId)) {
    return { form: 'entity', name: value, kind: 'file', entityId };
  }
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
  throw new SseBusError(
    'INVALID_TOPIC',
    `invalid topic ${shown}: expected one of ${ACCEPTED_TOPIC_FORMS.join(', ')} ` +
      '(an id is 1-128 of A-Z a-z 0-9 _ . : -; a file path is relative to the repository root, with forward slashes)',
  );
}

/** True when `event` belongs on `topic`. */
export function topicMatches(topic: SseTopic, event: Pick<CockpitEvent, 'kind' | 'topic'>): boolean {
  switch (topic.form) {
    case 'all':
      return true;
    case 'collection':
    case 'kind-wildcard':
      return topic.kind === event.kind;
    case 'entity':
      return topic.name === event.topic;
  }
}

/**
 * The `event:` name of `event` on a stream of `topics`, or undefined when the stream does not carry
 * it. The lifecycle type (`queued`, `promoted`, `patched`…) when an entity topic or a wildcard matches;
 * `job` / `canary` / `file` when only `jobs` / `canaries` / `files` match (seed 002 listens for `canary`).
 */
export function eventNameFor(
  topics: readonly SseTopic[],
  event: Pick<CockpitEvent, 'kind' | 'topic' | 'type'>,
): string | undefined {
  let viaCollection = false;
  for (const topic of topics) {
    if (!topicMatches(topic, event)) continue;
    if (topic.form !== 'collection') return event.type;
    viaCollection = true;
  }
  return viaCollection ? event.kind : undefined;
}

/** The event-log selection that replays what `topics` carry. */
export function selectionFor(topics: readonly SseTopic[]): EventSelection {
  if (topics.some((topic) => topic.form === 'all')) return { all: true };
  const kinds = new Set<EventKind>();
  for (const topic of topics) {
    if (topic.form === 'collection' || topic.form === 'kind-wildcard') kinds.add(topic.kind);
  }
  const entityTopics = topics.flatMap((topic) =>
    topic.form === 'entity' && !kinds.has(topic.kind) ? [topic.name] : [],
  );
  return {
    ...(kinds.size > 0 ? { kinds: [...kinds] } : {}),
    ...(entityTopics.length > 0 ? { topics: entityTopics } : {}),
  };
}

/** `topics` as validated topics: raw `topic=` values are parsed (an invalid one throws `SseBusError`). */
export function topicsOf(topics: readonly SseTopic[] | readonly string[]): readonly SseTopic[] {
  return topics.every((topic) => typeof topic === 'string')
    ? parseTopics(topics as readonly string[])
    : (topics as readonly SseTopic[]);
}
