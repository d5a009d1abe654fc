import { CockpitError } from '@lukhas/core';

/** Why an evidence export was refused; the route maps every code to a 400. */
export type EvidenceErrorCode =
  | 'MISSING_FROM'
  | 'UNPARSEABLE'
  | 'FROM_AFTER_TO'
  | 'RANGE_TOO_LONG'
  /** An end more than 100 years back (or an age that large): no Date could even hold some of them. */
  | 'OUT_OF_RANGE'
  | 'IN_FUTURE';

/** The evidence export's one error: a stable `code`, the offending `field` and a readable message. */
export class EvidenceError extends CockpitError<EvidenceErrorCode> {
  override readonly name: string = 'EvidenceError';
  readonly field: 'from' | 'to' | 'range';

  constructor(
    code: EvidenceErrorCode,
    field: 'from' | 'to' | 'range',
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.field = field;
  }
}

/** Whether `error` is an {@link EvidenceError}. */
export function isEvidenceError(error: unknown): error is EvidenceError {
  return error instanceof EvidenceError;
}
