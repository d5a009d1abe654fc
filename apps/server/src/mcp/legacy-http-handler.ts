/**
 * Serving 2025-era traffic (protocol 2025-11-25, 2025-06-18 and the initialize handshake; bare
 * JSON-RPC POSTs) statelessly: a fresh server and the SDK's Streamable HTTP transport per request,
 * with no session id. This is the SDK's own `legacyStatelessFallback`, wired by hand as its docs
 * suggest (`isLegacyRequest` in front of a `legacy: 'reject'` handler) for one reason: the fallback
 * always answers with an event stream, and the seeds' curl | jq pipelines need one JSON body.
 * Here a call answers JSON unless it can use a stream: a `tools/call` carrying a progress token,
 * from a client that accepts `text/event-stream`.
 */
import {
  type AuthInfo,
  type McpServerFactory,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';

/** Options of {@link createLegacyHttpHandler}. */
export interface LegacyHttpHandlerOptions {
  readonly maxRequestBodySize: number;
  readonly onError: (error: Error) => void;
}

/** What the route knows about the request beyond the request itself. */
export interface LegacyRequestOptions {
  readonly authInfo: AuthInfo;
  /** The body, parsed once by the route; undefined when it is not JSON (the SDK then answers -32700). */
  readonly parsedBody: unknown;
  /** The caller cannot take an event stream (see `curl-compat.ts`). */
  readonly jsonOnly: boolean;
}

/**
 * A fetch-shaped handler for legacy-classified requests. GET and DELETE (the 2025 session
 * operations: a standalone event stream, ending a session) are 405: there are no sessions.
 *
 * @example
 * const legacy = createLegacyHttpHandler(factory, { maxRequestBodySize: 1 << 20, onError: console.error });
 * if (await isLegacyRequest(request, parsedBody)) return legacy(request, { authInfo, parsedBody, jsonOnly });
 */
export function createLegacyHttpHandler(
  factory: McpServerFactory,
  options: LegacyHttpHandlerOptions,
): (request: Request, requestOptions: LegacyRequestOptions) => Promise<Response> {
  return async (request, { authInfo, parsedBody, jsonOnly }) => {
    if (request.method !== 'POST') {
      return Response.json(
        {
          jsonrpc: '2.0',
          error: {
            code: -32000,
            message: 'Method not allowed: this endpoint is stateless, POST JSON-RPC messages to it',
          },
          id: null,
        },
        { status: 405, headers: { Allow: 'POST' } },
      );
    }
    const server = await factory({ era: 'legacy', authInfo, requestInfo: request });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: jsonOnly || !asksForProgress(parsedBody),
      maxRequestBodySize: options.maxRequestBodySize,
    });
    transport.onerror = options.onError;
    await server.connect(transport);
    let closed = false;
    const teardown = () => {
      if (closed) return;
      closed = true;
      transport.close().catch(() => {});
      server.close().catch(() => {});
    };
    request.signal.addEventListener('abort', teardown, { once: true });
    const response = await transport.handleRequest(request, {
      authInfo,
      ...(parsedBody === undefined ? {} : { parsedBody }),
    });
    if (response.body === null || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
      teardown();
      return response;
    }
    return new Response(closingWhenDone(response.body, teardown), {
      status: response.status,
      headers: response.headers,
    });
  };
}

/** A `tools/call` whose `_meta` carries a progress token: it may stream progress before its result. */
function asksForProgress(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const message = body as { method?: unknown; params?: { _meta?: { progressToken?: unknown } } };
  return message.method === 'tools/call' && message.params?._meta?.progressToken !== undefined;
}

// The server and transport live as long as the event stream: torn down when it ends or is cancelled.
function closingWhenDone(body: ReadableStream<Uint8Array>, teardown: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          teardown();
          controller.close();
          return;
        }
        controller.enqueue(value);
      } catch (error) {
        teardown();
        controller.error(error);
      }
    },
    cancel(reason) {
      teardown();
      return reader.cancel(reason).catch(() => {});
    },
  });
}
