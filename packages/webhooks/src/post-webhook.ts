/**
 * One webhook delivery: a JSON POST with a timeout per attempt and retries with exponential
 * backoff on answers worth retrying (network error, timeout, 408, 429, 5xx). Web Standards only.
 */
import { messageOf, sleep, type Timers } from '@lukhas/core';

/** The subset of `fetch` a webhook needs; inject one to test or to add a proxy. */
export type WebhookFetch = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
    redirect: 'manual';
  },
) => Promise<{ readonly status: number; readonly body?: { cancel(): Promise<void> } | null }>;

/**
 * The delivery knobs an operator sets, shared by every sender (the canary webhooks, the traffic
 * router's webhook); each left out takes its {@link WEBHOOK_DEFAULTS} value.
 */
export interface WebhookKnobs {
  /** Per attempt, default 5000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt, default 2. */
  readonly retries?: number;
  /** First retry delay, doubled for each next one; default 500. */
  readonly backoffMs?: number;
  /** When set, each body is signed: `X-Lukhas-Signature: sha256=<hex HMAC-SHA256>`. */
  readonly secret?: string;
}

/** The delivery knobs' defaults. */
export const WEBHOOK_DEFAULTS = { timeoutMs: 5000, retries: 2, backoffMs: 500 } as const;

/** A delivery to make. */
export interface WebhookPost {
  readonly url: string;
  readonly payload: unknown;
  /** Extra headers, e.g. `Idempotency-Key`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Wait before retry n: `backoffMs * 2^(n-1)`. */
  readonly backoffMs: number;
  /** Signs the body: `X-Lukhas-Signature: sha256=<hex HMAC-SHA256 of the body>`. */
  readonly secret?: string;
  readonly fetch: WebhookFetch;
  readonly timers: Timers;
  /** Aborting it ends the delivery (shutdown): the outcome says `aborted`. */
  readonly signal?: AbortSignal;
}

/** A failed delivery's class, the only detail of a failure shown outside the server's log. */
export type WebhookFailure =
  | 'timeout'
  | 'connection error'
  | 'HTTP 1xx'
  | 'HTTP 3xx'
  | 'HTTP 4xx'
  | 'HTTP 5xx'
  | 'aborted';

/** How a delivery went, after retries. */
export interface WebhookOutcome {
  /** A 2xx answer arrived. */
  readonly ok: boolean;
  /** The last HTTP status received, null when none. */
  readonly status: number | null;
  readonly attempts: number;
  /**
   * Why the last attempt failed without a usable answer (`timed out after 5000ms`,
   * `unreachable: ECONNREFUSED`, …): for the operator's log only, see {@link WebhookOutcome.failure}.
   */
  readonly error: string | null;
  /**
   * The failure as a class, null on success: `timeout`, `connection error` (refused, reset, DNS,
   * TLS), `HTTP 3xx` (redirects are not followed), `HTTP 4xx`, `HTTP 5xx` or `aborted`. This, not
   * `status` or `error`, is what audits and narrative lines show: they are read by every key
   * holder, and exact socket errors and answers would map a network that a per-canary URL points at.
   */
  readonly failure: WebhookFailure | null;
  /** The delivery was cut short by its signal. */
  readonly aborted: boolean;
}

/**
 * POSTs `payload` as JSON until a 2xx answer, a final answer (other 1xx-4xx) or the last retry.
 *
 * @example
 * const outcome = await postWebhook({ url, payload, timeoutMs: 5000, retries: 2, backoffMs: 500,
 *   fetch: globalThis.fetch, timers: systemTimers });
 */
export async function postWebhook(post: WebhookPost): Promise<WebhookOutcome> {
  const body = JSON.stringify(post.payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'lukhas-mcp-cockpit',
    ...post.headers,
  };
  if (post.secret) headers['x-lukhas-signature'] = `sha256=${await hmacSha256Hex(post.secret, body)}`;
  let status: number | null = null;
  let error: string | null = null;
  let attempts = 0;
  for (let attempt = 1; attempt <= 1 + Math.max(0, post.retries); attempt += 1) {
    if (attempt > 1) {
      const waited = await sleep(post.timers, post.backoffMs * 2 ** (attempt - 2), post.signal);
      if (!waited) break;
    }
    if (post.signal?.aborted) break;
    attempts = attempt;
    ({ status, error } = await attemptOnce(post, headers, body));
    if (status !== null && status >= 200 && status < 300) {
      return { ok: true, status, attempts, error: null, failure: null, aborted: false };
    }
    if (status !== null && !isRetryable(status)) break;
  }
  const aborted = post.signal?.aborted ?? false;
  return {
    ok: false,
    status,
    attempts,
    error: aborted ? 'aborted' : error,
    failure: aborted ? 'aborted' : failureOf(status, error),
    aborted,
  };
}

function failureOf(status: number | null, error: string | null): WebhookFailure {
  if (status !== null)
    return `HTTP ${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx` as WebhookFailure;
  return error?.startsWith('timed out') ? 'timeout' : 'connection error';
}

async function attemptOnce(
  post: WebhookPost,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number | null; error: string | null }> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(post.signal?.reason);
  post.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const handle = post.timers.setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${post.timeoutMs}ms`));
  }, post.timeoutMs);
  try {
    const response = await post.fetch(post.url, {
      method: 'POST',
      headers,
      body,
      signal: controller.signal,
      // A redirect is an answer, not a delivery: never resend the body somewhere else.
      redirect: 'manual',
    });
    // The body is not read: free the connection.
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, error: null };
  } catch (caught) {
    if (timedOut) return { status: null, error: `timed out after ${post.timeoutMs}ms` };
    return { status: null, error: networkError(caught) };
  } finally {
    post.timers.clearTimeout(handle);
    post.signal?.removeEventListener('abort', onAbort);
  }
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

// fetch says `fetch failed`; the socket's code (ECONNREFUSED, ENOTFOUND) is in its cause.
function networkError(caught: unknown): string {
  const cause = (caught as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return `unreachable: ${cause.code}`;
  if (typeof cause?.message === 'string') return `unreachable: ${cause.message}`;
  return `unreachable: ${messageOf(caught)}`;
}

async function hmacSha256Hex(secret: string, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return Array.from(signature, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
