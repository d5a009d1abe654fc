import {
  type CanaryRecord,
  CockpitError,
  DomainError,
  hasErrorCode,
  messageOf,
  STORE_ERROR,
} from '@lukhas/core';

/** Stable codes of every canary-engine error; the server maps them, never the messages. */
export type CanaryEngineErrorCode =
  /** No canary has this id. */
  | 'CANARY_NOT_FOUND'
  /** The model already has a running canary (abort it first). */
  | 'CANARY_ALREADY_RUNNING'
  /** The canary is running, but not in this engine (not resumed yet, or run by another process). */
  | 'CANARY_NOT_ACTIVE'
  /** The engine was stopped: it starts, aborts and decides nothing more. */
  | 'ENGINE_STOPPED'
  /** A sample could not be stored; the canary goes on with its next sample. */
  | 'SAMPLE_NOT_STORED'
  /** A decision could not be stored yet (the store refuses writes); it is retried until stored. */
  | 'DECISION_NOT_STORED'
  /** An abort could not wait: the canary's decision is made but not stored yet (the reason says why). */
  | 'DECISION_PENDING'
  /** The store did not answer in time (an abort must answer at once); nothing was changed. */
  | 'STORE_UNAVAILABLE'
  /** An unexpected error in a canary's step; the canary is rolled back with the reason. */
  | 'CANARY_FAILED'
  /** A change was stored, but the store's event listener (the live bus) threw while told about it. */
  | 'EVENT_NOT_PUBLISHED'
  /** A webhook's outcome could not be written to the audit trail. */
  | 'WEBHOOK_NOT_AUDITED'
  /** A canary's own webhook URL is not allowed (LUKHAS_WEBHOOK_ALLOW); the canary is not started. */
  | 'WEBHOOK_NOT_ALLOWED'
  /** A webhook was refused or failed; the message has the detail for the operator's log only. */
  | 'WEBHOOK_FAILED'
  /** A webhook setting (URL, timeout, retries) cannot be used. */
  | 'INVALID_WEBHOOK_SETTINGS'
  /** An engine option cannot be used (e.g. a sample timeout that is not a positive number). */
  | 'INVALID_ENGINE_OPTIONS'
  /** `promote_canary` on a canary that is not waiting at a `pause: {}` step. */
  | 'CANARY_NOT_PAUSED'
  /** The traffic router refused the canary's route at start (HAProxy's message); the canary is not started. */
  | 'ROUTE_REFUSED'
  /** The traffic router failed a call; the canary is rolled back (`router_failed`). */
  | 'ROUTER_FAILED'
  /**
   * Running as a fleet: another replica took the canary over (this replica's lease expired or was
   * taken); this replica stopped running it and stored nothing more.
   */
  | 'LEASE_LOST'
  /** Running as a fleet: the leases could not be renewed or checked (the database is away); tried again at the next check. */
  | 'LEASE_CHECK_FAILED';

/** Base error of the canary engine: a stable `code`, the canary it concerns, and the `cause`. */
export class CanaryEngineError extends CockpitError<CanaryEngineErrorCode> {
  override readonly name: string = 'CanaryEngineError';
  readonly canaryId: string | undefined;

  constructor(
    code: CanaryEngineErrorCode,
    message: string,
    options: { canaryId?: string; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.canaryId = options.canaryId;
  }
}

/** True when `error` is a {@link CanaryEngineError}, optionally with the given code. */
export function isCanaryEngineError(
  error: unknown,
  code?: CanaryEngineErrorCode,
): error is CanaryEngineError {
  return error instanceof CanaryEngineError && (code === undefined || error.code === code);
}

export { messageOf };

/**
 * True for the store's "stored, but the event listener threw" error: the write happened, so the
 * engine goes on as if it succeeded (and reports the listener's failure).
 */
export function wasStoredAnyway(error: unknown): boolean {
  return hasErrorCode(error, STORE_ERROR.EVENT_LISTENER_FAILED);
}

/**
 * True for the store's stale-state error (`expectStatus` did not hold). Matched by code, not by
 * class: the engine depends on the store port, not on the persistence package.
 */
export function isStaleState(error: unknown): boolean {
  return hasErrorCode(error, STORE_ERROR.STALE_STATE);
}

/** True for the store's lease-lost error: another replica holds the canary now (fencing). */
export function isLeaseLost(error: unknown): boolean {
  return hasErrorCode(error, STORE_ERROR.LEASE_LOST);
}

/** True for the store's model-held error: another undecided canary holds the model (a start race lost). */
export function isModelHeld(error: unknown): boolean {
  return hasErrorCode(error, STORE_ERROR.MODEL_HELD);
}

/** `EVENT_NOT_PUBLISHED`: a change of `canaryId` was stored, but the store's event listener threw (`cause`). */
export function eventNotPublished(canaryId: string, cause: unknown): CanaryEngineError {
  return new CanaryEngineError('EVENT_NOT_PUBLISHED', `canary ${canaryId}: ${messageOf(cause)}`, {
    canaryId,
    cause,
  });
}

/** `CANARY_ALREADY_DECIDED` (core's `DomainError`) for an action on a decided canary. */
export function alreadyDecided(canary: CanaryRecord | undefined, canaryId: string): DomainError {
  const how =
    canary?.decision === null || canary === undefined
      ? `is ${canary?.status ?? 'decided'}`
      : `was already ${canary.status} at ${canary.decidedAt} (${canary.decision.rule}: ${canary.decision.reason})`;
  return new DomainError(
    'CANARY_ALREADY_DECIDED',
    `canary ${canaryId} ${how}; a canary is decided only once`,
  );
}
