import { CockpitError } from './cockpit-error.ts';

/** Stable codes of every domain error; clients and the server's error mapping rely on them. */
export type DomainErrorCode =
  | 'ILLEGAL_JOB_TRANSITION'
  | 'ILLEGAL_CANARY_TRANSITION'
  | 'CANARY_ALREADY_DECIDED'
  | 'INVALID_POLICY'
  | 'INVALID_POLICY_BOUNDS'
  | 'INVALID_CANARY_REQUEST';

/** One issue found while validating input: where it is and what was expected. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `policy.targets.max_error_rate`; `''` for the root. */
  readonly path: string;
  readonly message: string;
}

/** Base error of the core domain: a stable `code`, a message a human can act on, and typed details. */
export class DomainError extends CockpitError<DomainErrorCode> {
  override readonly name: string = 'DomainError';
  readonly issues: readonly ValidationIssue[];

  constructor(
    code: DomainErrorCode,
    message: string,
    options: { issues?: readonly ValidationIssue[]; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.issues = options.issues ?? [];
  }
}

/** True when `error` is a {@link DomainError}, optionally with the given code. */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
