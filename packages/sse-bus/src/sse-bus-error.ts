import { CockpitError } from '@lukhas/core';

/** Stable codes of every sse-bus error; the server maps them to HTTP 400 bodies. */
export type SseBusErrorCode =
  /** No `topic` was given. */
  | 'MISSING_TOPIC'
  /** A topic is not one of the accepted forms, or its id has characters or a length outside the safe set. */
  | 'INVALID_TOPIC'
  /** More topics than one stream may carry. */
  | 'TOO_MANY_TOPICS'
  /** `Last-Event-ID` (or `?lastEventId=`) is not a non-negative integer. */
  | 'INVALID_LAST_EVENT_ID';

/** Base error of the sse-bus package: a stable `code`, a message a client can act on, and the `cause`. */
export class SseBusError extends CockpitError<SseBusErrorCode> {
  override readonly name: string = 'SseBusError';
}

/** True when `error` is an {@link SseBusError}, optionally with the given code. */
export function isSseBusError(error: unknown, code?: SseBusErrorCode): error is SseBusError {
  return error instanceof SseBusError && (code === undefined || error.code === code);
}
