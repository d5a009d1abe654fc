import type { MiddlewareHandler } from 'hono';
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
 * @example app.use(requestBodyLimit({ maxBytes: 1024 * 1024 }))
 */
export function requestBodyLimit(options: RequestBodyLimitOptions): MiddlewareHandler {
  return bodyLimit({
    maxSize: options.maxBytes,
    onError: (context) =>
      context.json(
        {
          error: 'payload_too_large',
          message: `request body is larger than ${options.maxBytes} bytes`,
          maxBytes: options.maxBytes,
        },
        413,
      ),
  });
}
