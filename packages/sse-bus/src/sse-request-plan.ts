/**
 * What a `GET /sse` request gets, decided once for both handlers (Web `Request` and node:http):
 * a 400/403 with a JSON reason, a 204 (a resume with nothing left to send), or a stream.
 */
import type { EventBus } from './event-bus.ts';
import { lastEventIdFrom } from './last-event-id.ts';
import { isSseBusError } from './sse-bus-error.ts';
import { ACCEPTED_TOPIC_FORMS, parseTopics, type SseTopic } from './sse-topic.ts';

/** What `authorize` is asked about: one topic, the request, and who is asking. */
export interface SseAuthorizeInput {
  readonly topic: SseTopic;
  readonly request: Request;
  /** The caller's label, as the server's auth middleware set it (e.g. `key:1a2b3c4d`). */
  readonly operator: string | undefined;
}

/** How a handler is built. */
export interface SseHandlerOptions {
  readonly bus: EventBus;
  /**
   * Whether the caller may see a topic; one refusal answers 403. Default: every caller that passed
   * the server's authentication sees every topic.
   */
  readonly authorize?: (input: SseAuthorizeInput) => boolean | Promise<boolean>;
}

/** What the handler knows of a request. */
export interface SseRequestFacts {
  readonly query: URLSearchParams;
  readonly lastEventIdHeader: string | null | undefined;
  /** The request as a Web `Request`, built only when `authorize` asks. */
  readonly request: () => Request;
  readonly operator: string | undefined;
}

/** The answer to a request. */
export type SseRequestPlan =
  | { readonly kind: 'refuse'; readonly status: 400 | 403; readonly body: Readonly<Record<string, unknown>> }
  /** 204: a resume of entity topics that all ended by its Last-Event-ID. */
  | { readonly kind: 'finished' }
  | {
      readonly kind: 'stream';
      readonly topics: readonly SseTopic[];
      readonly lastEventId: number | undefined;
      /** A first look at entity topics replays their whole story. */
      readonly history: boolean;
    };

/** Validates the topics and the resume point, asks `authorize`, and asks the bus whether a resume has anything left. */
export async function planSseRequest(
  options: SseHandlerOptions,
  facts: SseRequestFacts,
): Promise<SseRequestPlan> {
  let topics: readonly SseTopic[];
  let lastEventId: number | undefined;
  try {
    topics = parseTopics(facts.query.getAll('topic'));
    lastEventId = lastEventIdFrom(facts.lastEventIdHeader, facts.query);
  } catch (error) {
    if (!isSseBusError(error)) throw error;
    const accepted = error.code === 'INVALID_LAST_EVENT_ID' ? {} : { acceptedTopics: ACCEPTED_TOPIC_FORMS };
    return {
      kind: 'refuse',
      status: 400,
      body: { error: error.code.toLowerCase(), message: error.message, ...accepted },
    };
  }
  if (options.authorize !== undefined) {
    const request = facts.request();
    for (const topic of topics) {
      const allowed = await options.authorize({ topic, request, operator: facts.operator });
      if (!allowed) {
        return {
          kind: 'refuse',
          status: 403,
          body: {
            error: 'forbidden_topic',
            message: `this caller may not subscribe to topic ${JSON.stringify(topic.name)}`,
            topic: topic.name,
          },
        };
      }
    }
  }
  const entitiesOnly = topics.every((topic) => topic.form === 'entity');
  // The stream would end at once with nothing sent, and an EventSource would reconnect forever;
  // 204 is how SSE tells it to stop.
  if (entitiesOnly && lastEventId !== undefined && (await options.bus.finishedBy(topics, lastEventId))) {
    return { kind: 'finished' };
  }
  // A first look at one job or canary shows its whole (short) story, as the seeds expect of
  // `curl -N …/sse?topic=job/$JOB`; collections and wildcards start live.
  return { kind: 'stream', topics, lastEventId, history: entitiesOnly };
}

/** Headers of a 400/403 answer. */
export const SSE_ERROR_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
} as const;

/** Headers of a 204 answer. */
export const SSE_FINISHED_HEADERS = { 'Cache-Control': 'no-store' } as const;
