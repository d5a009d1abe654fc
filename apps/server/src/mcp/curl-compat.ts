/**
 * The thinnest shim in front of the SDK for the seeds' one-shot curl calls.
 *
 * The Streamable HTTP transport (rightly, for MCP clients) answers 406 to a POST whose `Accept` does
 * not list both `application/json` and `text/event-stream`, and 415 to a body that is not
 * `Content-Type: application/json`. The seeds' curl commands send `Accept: *\/*` and sometimes no
 * Content-Type at all (`curl -d` then says `application/x-www-form-urlencoded`), and pipe the
 * answer into `jq`, so they need a plain JSON answer. This shim, and nothing else, bridges that:
 *
 * - an `Accept` that admits JSON but does not list both types (missing, `*\/*`, `application/*`,
 *   `application/json` alone) becomes `application/json, text/event-stream`, and the exchange is
 *   marked JSON-only, so the SDK answers with one JSON body, never an event stream;
 * - curl's default `application/x-www-form-urlencoded` (or no Content-Type) becomes
 *   `application/json`, only when the request carries no `Origin`: browsers send `Origin` on every
 *   POST, so a cross-site "simple request" never gets past the 415 (and the origin guard before this
 *   refuses foreign origins anyway). Bodies that are not JSON still get the SDK's -32700.
 *
 * Everything else (JSON-RPC parsing, dispatch, errors, protocol versions) stays the SDK's.
 */

/** What the shim made of a request's headers. */
export interface CurlCompatibleHeaders {
  readonly headers: Headers;
  /** True when the caller cannot take an event stream: answer with one JSON body. */
  readonly jsonOnly: boolean;
  /** False when `headers` is the original, untouched (then the request can be handed on as it is). */
  readonly rewritten: boolean;
}

const SDK_ACCEPT = 'application/json, text/event-stream';
const CURL_DEFAULT_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * The headers to hand the SDK for a POST to `/mcp`.
 *
 * @example
 * curlCompatibleHeaders(new Headers({ accept: '*\/*', 'content-type': 'application/x-www-form-urlencoded' }));
 * // { headers: accept 'application/json, text/event-stream', content-type 'application/json'; jsonOnly: true, rewritten: true }
 */
export function curlCompatibleHeaders(original: Headers): CurlCompatibleHeaders {
  const accept = mediaRanges(original.get('accept'));
  const listsBoth = accept.includes('application/json') && accept.includes('text/event-stream');
  const jsonOnly = !listsBoth && admitsJson(accept);
  const contentType = mediaRanges(original.get('content-type'))[0];
  const fixContentType =
    !original.has('origin') && (contentType === undefined || contentType === CURL_DEFAULT_CONTENT_TYPE);
  // SDK clients send both headers right: their requests keep the original (no copy on the hot path).
  if (!jsonOnly && !fixContentType) return { headers: original, jsonOnly, rewritten: false };
  const headers = new Headers(original);
  if (jsonOnly) headers.set('accept', SDK_ACCEPT);
  if (fixContentType) headers.set('content-type', 'application/json');
  return { headers, jsonOnly, rewritten: true };
}

// `text/html;q=0.9, */*;q=0.8` → ['text/html', '*/*']
function mediaRanges(header: string | null): string[] {
  if (header === null) return [];
  return header
    .split(',')
    .map((range) => (range.split(';', 1)[0] ?? '').trim().toLowerCase())
    .filter((range) => range.length > 0);
}

function admitsJson(ranges: readonly string[]): boolean {
  return (
    ranges.length === 0 ||
    ranges.some((range) => range === '*/*' || range === 'application/*' || range === 'application/json')
  );
}
