/**
 * Turning a failed HTTP answer into a {@link CockpitClientError}: the status picks the code, the
 * server's JSON body (`{error, message}` or a JSON-RPC error) gives the message, and `Retry-After`
 * gives the wait.
 */
import {
  CockpitClientError,
  type CockpitClientErrorCode,
  type JsonRpcError,
} from './cockpit-client-error.js';

/**
 * The error for a response whose status is not a success. Reads (and so consumes) the body.
 *
 * @example
 * if (!response.ok) throw await errorFromResponse(response, 'GET /sse');
 */
export async function errorFromResponse(
  response: Response,
  what: string,
  context: { readonly tool?: string } = {},
): Promise<CockpitClientError> {
  const body = await readBody(response);
  const rpcError = jsonRpcErrorOf(body);
  const serverMessage = rpcError?.message ?? messageOf(body);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const code = codeForStatus(response.status);
  const message = `${what} answered ${response.status}${statusHint(code)}${serverMessage ? `: ${serverMessage}` : ''}`;
  return new CockpitClientError(code, message, {
    status: response.status,
    body,
    ...(context.tool === undefined ? {} : { tool: context.tool }),
    ...(rpcError === undefined ? {} : { rpcError }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  });
}

/** The error code for an HTTP status that is not a success. */
export function codeForStatus(status: number): CockpitClientErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400) return 'BAD_REQUEST';
  return 'HTTP_ERROR';
}

/**
 * `Retry-After` in seconds: either delta-seconds or an HTTP date (then relative to `now`).
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** A JSON-RPC error object found in a parsed body, if it holds one. */
export function jsonRpcErrorOf(body: unknown): JsonRpcError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message, data } = body.error;
  if (typeof code !== 'number' || typeof message !== 'string') return undefined;
  return data === undefined ? { code, message } : { code, message, data };
}

/** The JSON value of `text`, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True for a plain (non-null, non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statusHint(code: CockpitClientErrorCode): string {
  if (code === 'UNAUTHORIZED') return ' (missing or wrong API key)';
  if (code === 'FORBIDDEN') return ' (forbidden)';
  if (code === 'RATE_LIMITED') return ' (rate limited)';
  return '';
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 500) || undefined;
  if (!isRecord(body)) return undefined;
  if (typeof body.message === 'string') return body.message;
  if (typeof body.error === 'string') return body.error;
  return undefined;
}

async function readBody(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (text === '') return undefined;
  return parseJson(text) ?? text;
}
