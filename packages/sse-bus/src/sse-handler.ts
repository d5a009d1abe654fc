/**
 * `GET /sse?topic=…&topic=…` as a Web-standard handler: validates the topics and the resume point,
 * asks `authorize` about each topic, and answers with the bus's stream.
 */
import type { EventBus } from './event-bus.ts';
import { lastEventIdOf } from './last-event-id.ts';
import { isSseBusError } from './sse-bus-error.ts';
import { ACCEPTED_TOPIC_FORMS, parseTopics, type SseTopic } from './sse-topic.ts';

/** Headers of every stream: no caching, no transforming, no proxy buffering (nginx honours X-Accel-Buffering). */
export const SSE_RESPONSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

/** What `authorize` is asked about: one topic, the request, and who is asking. */
export interface SseAuthorizeInput {
  readonly topic: SseTopic;
  readonly request: Request;
  /** The caller's label, as the server's auth middleware set it (e.g. `key:1a2b3c4d`). */
  readonly operator: string | undefined;
}

/** How the handler is built. */
export interface SseHandlerOptions {
  readonly bus: EventBus;
  /**
   * Whether the caller may see a topic; one refusal answers 403. Default: every caller that passed
   * the server's authentication sees every topic.
   */
  readonly authorize?: (input: SseAuthorizeInput) => boolean | Promise<boolean>;
}

/** Per-request facts the server knows and the Request does not carry. */
export interface SseRequestContext {
  readonly operator?: string;
}

/** The handler: Request in, Response out. */
export type SseHandler = (request: Request, context?: SseRequestContext) => Promise<Response>;

/**
 * Creates the `/sse` handler. The stream ends when `request.signal` aborts (client gone), or once
 * every entity of an entity-only stream has had its terminal event. A resume of entity topics that
 * all ended by its Last-Event-ID is answered 204 No Content, so an EventSource stops reconnecting.
 *
 * @example
 * const sse = createSseHandler({ bus });
 * app.get('/sse', (context) => sse(context.req.raw, { operator: context.get('operator') }));
 */
export function createSseHandler(options: SseHandlerOptions): SseHandler {
  return async function sseHandler(request, context = {}) {
    let topics: readonly SseTopic[];
    let lastEventId: number | undefined;
    try {
      topics = parseTopics(new URL(request.url).searchParams.getAll('topic'));
      lastEventId = lastEventIdOf(request);
    } catch (error) {
      if (!isSseBusError(error)) throw error;
      const accepted = error.code === 'INVALID_LAST_EVENT_ID' ? {} : { acceptedTopics: ACCEPTED_TOPIC_FORMS };
      return jsonResponse(400, { error: error.code.toLowerCase(), message: error.message, ...accepted });
    }
    if (options.authorize !== undefined) {
      for (const topic of topics) {
        const allowed = await options.authorize({ topic, request, operator: context.operator });
        if (!allowed) {
          return jsonResponse(403, {
            error: 'forbidden_topic',
            message: `this caller may not subscribe to topic ${JSON.stringify(topic.name)}`,
            topic: topic.name,
          });
        }
      }
    }
    const entitiesOnly = topics.every((topic) => topic.form === 'entity');
    // The stream would end at once with nothing sent, and an EventSource would reconnect forever;
    // 204 is how SSE tells it to stop.
    if (entitiesOnly && lastEventId !== undefined && (await options.bus.finishedBy(topics, lastEventId))) {
      return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
    }
    const stream = options.bus.subscribe({
      topics,
      signal: request.signal,
      ...(lastEventId === undefined ? {} : { lastEventId }),
      // A first look at one job or canary shows its whole (short) story, as the seeds expect of
      // `curl -N …/sse?topic=job/$JOB`; collections and wildcards start live.
      history: entitiesOnly,
    });
    return new Response(stream, { status: 200, headers: SSE_RESPONSE_HEADERS });
  };
}

function jsonResponse(status: number, body: Readonly<Record<string, unknown>>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
