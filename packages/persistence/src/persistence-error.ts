import { CockpitError, messageOf, type STORE_ERROR } from '@lukhas/core';

/** Stable codes of every persistence error; the server's error mapping and operators rely on them. */
export type PersistenceErrorCode =
  /** The database setting (LUKHAS_MCP_DB, `--db`) is a URL of another scheme than postgres:// (`mysql://`, `file://`). */
  | 'INVALID_DATABASE_FILE'
  /** A `postgres://` URL that does not parse or lacks a part (host, user, database). */
  | 'INVALID_DATABASE_URL'
  /** The database file could not be opened or configured, or PostgreSQL could not be reached or refused us. */
  | 'OPEN_FAILED'
  /** The database records migrations this version does not know: it was written by a newer cockpit. */
  | 'DATABASE_FROM_NEWER_VERSION'
  /** A migration failed; the database is left at the last migration that succeeded. */
  | 'MIGRATION_FAILED'
  /** A transition carries no job, canary, sample or model to attach its audit and event to. */
  | 'INVALID_TRANSITION'
  /** A transition could not be stored; nothing of it was stored. */
  | 'TRANSITION_FAILED'
  /** A transition's `expectStatus` did not hold (someone else changed the entity first); nothing was stored. */
  | typeof STORE_ERROR.STALE_STATE
  /** A transition's `lease` no longer holds: another replica took the canary over; nothing was stored. */
  | typeof STORE_ERROR.LEASE_LOST
  /** A start's `holdsModel` canary was refused: another undecided canary holds its model; nothing was stored. */
  | typeof STORE_ERROR.MODEL_HELD
  /** An audit-only fact could not be stored; nothing of it was stored. */
  | 'AUDIT_FAILED'
  /** A transition was stored, but the `onEvent` listener threw while being told about it. */
  | typeof STORE_ERROR.EVENT_LISTENER_FAILED
  /** A stored row cannot be turned back into a record (e.g. an unreadable required JSON column). */
  | 'CORRUPT_ROW'
  /**
   * The database files were deleted, replaced or truncated under the running cockpit: writes are
   * refused (they would be lost), and after a truncated `-shm` reads too. Restart the cockpit.
   */
  | 'DATABASE_UNAVAILABLE';

/** Base error of the persistence package: a stable `code`, a message an operator can act on, and the `cause`. */
export class PersistenceError extends CockpitError<PersistenceErrorCode> {
  override readonly name: string = 'PersistenceError';
}

/** True when `error` is a {@link PersistenceError}, optionally with the given code. */
export function isPersistenceError(error: unknown, code?: PersistenceErrorCode): error is PersistenceError {
  return error instanceof PersistenceError && (code === undefined || error.code === code);
}

export { messageOf };

/**
 * Like {@link messageOf}, with the database's code when there is one: SQLite's
 * `database or disk is full (SQLITE_FULL)`, PostgreSQL's SQLSTATE
 * `duplicate key value violates unique constraint "…" (PostgreSQL 23505)`.
 */
export function causeOf(error: unknown): string {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return `${messageOf(error)} (${code})`;
  // pg's DatabaseError carries the server's severity beside its five-character SQLSTATE.
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in (error as object)) {
    return `${messageOf(error)} (PostgreSQL ${code})`;
  }
  return messageOf(error);
}
