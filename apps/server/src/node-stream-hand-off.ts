/**
 * Long-lived streams written straight to node:http, behind the app's middleware.
 *
 * Why: an `/sse` stream served as a Web `Response` keeps a `Request`, an `AbortController`, a
 * `ReadableStream`, its reader and a pending read alive for as long as the client listens: about
 * 22 KiB per idle connection against 10 KiB for the same stream written to the socket
 * (packages/sse-bus, README "Memory per stream"). But the security layer, CORS and the request
 * metrics set their headers on the route's `Response` after the route returns, so a route cannot
 * write the response itself. The hand-off splits the two: the route answers a placeholder and leaves
 * a `start` here; once the whole middleware chain has run, {@link withNodeStreams} copies the
 * placeholder's headers onto the node response and starts the stream on it.
 *
 * A server that does not wrap its fetch in {@link withNodeStreams} (the in-process tests'
 * `app.request`) gives the route no hand-off, and the route answers with a Web stream as before.
 */
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Http2Bindings, HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

/** Set on the placeholder so the wrapper knows the middleware kept it (a refusal replaces it). */
const PLACEHOLDER_HEADER = 'x-cockpit-node-stream';

/** What `@hono/node-server` passes as the app's env, plus the hand-off. */
export interface NodeStreamBindings {
  readonly incoming: IncomingMessage;
  readonly outgoing: ServerResponse;
  readonly handOff?: NodeStreamHandOff;
}

/** One request's hand-off: the stream to start once the middleware has run. */
export interface NodeStreamHandOff {
  start?: (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void>;
}

/**
 * In a route: hands the response to `start` when the server allows it, and answers the placeholder
 * the middleware dresses; `undefined` when it does not (answer as usual then).
 *
 * @example
 * routes.get('/sse', (c) => handOffToNode(c.env, (req, res) => sse(req, res)) ?? webSse(c.req.raw));
 */
export function handOffToNode(
  bindings: Partial<NodeStreamBindings> | undefined,
  start: NonNullable<NodeStreamHandOff['start']>,
): Response | undefined {
  const handOff = bindings?.handOff;
  if (handOff === undefined) return undefined;
  handOff.start = start;
  return new Response(null, { status: 200, headers: { [PLACEHOLDER_HEADER]: '1' } });
}

type Fetch = (
  request: Request,
  bindings: HttpBindings | Http2Bindings | NodeStreamBindings,
) => Response | Promise<Response>;

/**
 * `app.fetch` for `@hono/node-server` that lets routes hand their response to node:http.
 *
 * @example
 * serve({ fetch: withNodeStreams(app.fetch), port });
 */
export function withNodeStreams(
  fetch: Fetch,
): (request: Request, bindings: HttpBindings | Http2Bindings) => Promise<Response> {
  return async (request, bindings) => {
    // HTTP/2 streams are not node:http responses: no hand-off, the route answers a Web stream.
    if (!(bindings.outgoing instanceof ServerResponse)) return fetch(request, bindings);
    const handOff: NodeStreamHandOff = {};
    const response = await fetch(request, { ...bindings, handOff });
    if (handOff.start === undefined || response.headers.get(PLACEHOLDER_HEADER) === null) return response;
    const { incoming, outgoing } = bindings as HttpBindings;
    response.headers.forEach((value, name) => {
      if (name !== PLACEHOLDER_HEADER && name !== 'content-length') outgoing.setHeader(name, value);
    });
    await handOff.start(incoming, outgoing);
    return RESPONSE_ALREADY_SENT;
  };
}
