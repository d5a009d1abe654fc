/** Stable codes of every error the client raises or emits. */
export type CockpitClientErrorCode =
  /** 401: the API key is missing or wrong. The event stream stops instead of retrying. */
  | 'UNAUTHORIZED'
  /** 403: the key may not do this (e.g. a topic refused by the server). The stream stops. */
  | 'FORBIDDEN'
  /** 429: rate limited; `retryAfter` holds the server's Retry-After in seconds when it sent one. */
  | 'RATE_LIMITED'
  /** 400 on the event stream: a topic or Last-Event-ID the server refused. The stream stops. */
  | 'BAD_REQUEST'
  /** Any other HTTP status that is not a success. */
  | 'HTTP_ERROR'
  /** The request never got an answer: network down, DNS, connection refused or reset. */
  | 'NETWORK_ERROR'
  /** The server answered something that is not what the protocol says (wrong content type, bad JSON). */
  | 'INVALID_RESPONSE'
  /** The tool ran and reported a failure (`isError: true`); `toolCode` holds its `[CODE]`, if any. */
  | 'TOOL_ERROR'
  /** The call's arguments are not one object (checked before anything is sent). */
  | 'INVALID_ARGUMENTS'
  /** A JSON-RPC error (unknown tool, invalid params, …); `rpcError` holds it. */
  | 'RPC_ERROR'
  /** The event stream ended or went silent; the client reconnects by itself. */
  | 'STREAM_INTERRUPTED'
  /** The call was aborted through its `signal`. */
  | 'ABORTED';

/** A JSON-RPC 2.0 error object. */
export interface JsonRpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** What an error may carry besides its code and message. */
export interface CockpitClientErrorOptions {
  readonly status?: number;
  readonly rpcError?: JsonRpcError;
  readonly retryAfter?: number;
  readonly toolCode?: string;
  readonly tool?: string;
  readonly body?: unknown;
  readonly cause?: unknown;
}

/**
 * The one error type of the client SDK: a stable `code`, a message a human can act on, and the
 * HTTP status, JSON-RPC error, tool code or Retry-After where they apply.
 *
 * @example
 * try {
 *   await cockpit.getJob({ jobId: 'job_missing' });
 * } catch (error) {
 *   if (isCockpitClientError(error, 'TOOL_ERROR') && error.toolCode === 'JOB_NOT_FOUND') { … }
 * }
 */
export class CockpitClientError extends Error {
  override readonly name = 'CockpitClientError';
  readonly code: CockpitClientErrorCode;
  /** The HTTP status, when the error came with one. */
  readonly status: number | undefined;
  /** The JSON-RPC error, for `RPC_ERROR` (and HTTP errors whose body was one). */
  readonly rpcError: JsonRpcError | undefined;
  /** Seconds to wait before trying again, from `Retry-After`. */
  readonly retryAfter: number | undefined;
  /** The bracketed code a failed tool ended its message with, e.g. `JOB_NOT_FOUND`. */
  readonly toolCode: string | undefined;
  /** The tool that was called, for errors of tool calls. */
  readonly tool: string | undefined;
  /** The parsed JSON (or text) body of an HTTP error, when there was one. */
  readonly body: unknown;

  constructor(code: CockpitClientErrorCode, message: string, options: CockpitClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.rpcError = options.rpcError;
    this.retryAfter = options.retryAfter;
    this.toolCode = options.toolCode;
    this.tool = options.tool;
    this.body = options.body;
  }
}

/** True when `error` is a {@link CockpitClientError}, optionally with the given code. */
export function isCockpitClientError(
  error: unknown,
  code?: CockpitClientErrorCode,
): error is CockpitClientError {
  return error instanceof CockpitClientError && (code === undefined || error.code === code);
}
