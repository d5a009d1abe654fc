import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Options of `requestBodyLimit`. */
export interface RequestBodyLimitOptions {
  /** LUKHAS_MAX_BODY_BYTES. */
  readonly maxBytes: number;
}

/**
 * Refuses request bodies over `maxBytes` with 413 and a JSON reason. A `Content-Length` over the
 * limit is refused before reading; a chunked body is counted while it is read and refused as soon as
 * it passes the limit, so at most `maxBytes` are ever buffered.
 *
 * A request that declares its length (or a GET/HEAD, which has no body) is judged on its headers
 * alone, without touching `request.body`: on the node adapter, `body` builds a full web `Request`
 * (a web stream over the socket, an AbortController), which a route that reads the body its own
 * way (`/mcp`, see `request-text.ts`) never needs. Node's HTTP parser holds such a body to its
 * declared length.
 *
 * @example app.use(requestBodyLimit({ maxBytes: 1024 * 1024 }))
 */
export function requestBodyLimit(options: RequestBodyLimitOptions): MiddlewareHandler {
  const refuse = (context: Context) =>
    context.json(
      {
        error: 'payload_too_large',
        message: `request body is larger than ${options.maxBytes} bytes`,
        maxBytes: options.maxBytes,
      },
      413,
    );
  const counting = bodyLimit({ maxSize: options.maxBytes, onError: refuse });
  return async function requestBodyLimit(context, next) {
    const { method, headers } = context.req.raw;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = declaredLength(headers);
    if (length === undefined) return counting(context, next);
    return length > options.maxBytes ? refuse(context) : next();
  };
}

// The Content-Length a body is held to, when it alone frames the body (no Transfer-Encoding).
function declaredLength(headers: Headers): number | undefined {
  const header = headers.get('content-length');
  if (header === null || headers.has('transfer-encoding')) return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
