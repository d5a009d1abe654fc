import { CockpitError, type SloMetric } from '@lukhas/core';
import type { FallbackKind } from './fallback-stats.ts';

/** Stable codes of every slo-prom error; the server and the CLI map them, never the messages. */
export type SloPromErrorCode =
  /** PROM_URL, PROM_TIMEOUT_MS or the adapter options cannot be used. */
  | 'PROM_INVALID_CONFIG'
  /** A range query was asked for an impossible range (end before start, too many points). */
  | 'PROM_INVALID_RANGE'
  /** Prometheus could not answer a query; `kind` says why, as in the fallback counters. */
  | 'PROM_QUERY_FAILED';

/** Base error of the SLO monitors: a stable `code`, a message an operator can act on, typed fields. */
export class SloPromError extends CockpitError<SloPromErrorCode> {
  override readonly name: string = 'SloPromError';
  /** For `PROM_QUERY_FAILED`: the same kind the instant adapter counts as a fallback. */
  readonly kind: FallbackKind | undefined;
  readonly metric: SloMetric | undefined;

  constructor(
    code: SloPromErrorCode,
    message: string,
    options: { kind?: FallbackKind; metric?: SloMetric; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.kind = options.kind;
    this.metric = options.metric;
  }
}

/** True when `error` is a {@link SloPromError}, optionally with the given code. */
export function isSloPromError(error: unknown, code?: SloPromErrorCode): error is SloPromError {
  return error instanceof SloPromError && (code === undefined || error.code === code);
}
