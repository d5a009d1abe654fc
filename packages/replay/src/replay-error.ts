import { CockpitError } from '@lukhas/core';

/** Stable codes of every replay error; the CLI maps them, never the messages. A bad policy is core's `INVALID_POLICY`. */
export type ReplayErrorCode =
  /** The replay window cannot be used: a bound is not a time, or `to` is before `from`. */
  | 'INVALID_WINDOW'
  /** Range data cannot be turned into samples: a point without a finite time. */
  | 'INVALID_RANGE_DATA'
  /** The policies of a side-by-side replay cannot be used together: none, or a name given twice. */
  | 'INVALID_POLICIES';

/** Base error of the replayer: a stable `code`, a message an operator can act on, and `cause`. */
export class ReplayError extends CockpitError<ReplayErrorCode> {
  override readonly name: string = 'ReplayError';
}

/** True when `error` is a {@link ReplayError}, optionally with the given code. */
export function isReplayError(error: unknown, code?: ReplayErrorCode): error is ReplayError {
  return error instanceof ReplayError && (code === undefined || error.code === code);
}
