/**
 * A request's body as text, read straight from node:http when the node adapter serves the request
 * and nothing has touched its body yet; through the web `Request` otherwise.
 *
 * Why: on `@hono/node-server`, `request.text()` first builds a full web `Request` around the
 * socket (a web stream over the IncomingMessage, an AbortController, a second Headers) only to read
 * a few hundred bytes from it. For `/mcp`, where a read-only tool call otherwise costs little more
 * than the HTTP exchange itself, that was one of the largest costs per call. The text is the same
 * either way: UTF-8 decoded as `Request.text()` decodes it (a leading byte order mark dropped,
 * malformed bytes replaced). The body limit has already judged the request by its Content-Length
 * (`body-limit.ts`); a chunked body it had to count arrives here already read, and is taken from the
 * `Request` it left.
 */
import { IncomingMessage } from 'node:http';

const UTF8 = new TextDecoder();

/** What `@hono/node-server` passes as the app's env (absent in in-process requests). */
export interface RequestTextBindings {
  readonly incoming?: unknown;
}

/**
 * The body of `request` as text.
 *
 * @example
 * routes.post('/mcp', async (c) => answer(JSON.parse(await requestText(c.req.raw, c.env))));
 */
export function requestText(request: Request, bindings: RequestTextBindings | undefined): Promise<string> {
  const incoming = bindings?.incoming;
  return incoming instanceof IncomingMessage && untouched(incoming) ? readIncoming(incoming) : request.text();
}

// Nobody has read from it or is reading it. (The adapter's web stream over it, if one was made,
// pulls only when read: until then, reading it here is reading it first.)
function untouched(incoming: IncomingMessage): boolean {
  return (
    !incoming.readableDidRead && incoming.readableFlowing === null && incoming.listenerCount('data') === 0
  );
}

function readIncoming(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))));
    incoming.once('error', reject);
    // A client that goes away mid-body: the same failure `Request.text()` would give.
    incoming.once('close', () => {
      if (!incoming.complete) reject(new TypeError('the request body was cut off'));
    });
  });
}
