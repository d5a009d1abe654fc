/**
 * Times in the database are TEXT `YYYY-MM-DD HH:MM:SS.SSS` in UTC, e.g. `2025-10-03 14:20:05.123`:
 * the seed SQL compares `created_at > datetime('now', '-1 hour')`, which only orders correctly
 * with a space between date and time. Records and events carry ISO strings; convert here.
 */
import { PersistenceError } from './persistence-error.ts';

/** An ISO string or epoch ms as stored: `2025-10-03 14:20:05.123`. */
export function toStoredTime(time: string | number): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) {
    throw new PersistenceError('INVALID_TRANSITION', `Not a time: ${JSON.stringify(time)}`);
  }
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Epoch ms of a stored time, NaN when unreadable. Accepts SQLite's `CURRENT_TIMESTAMP` (no millis) too. */
export function storedTimeToMs(stored: string): number {
  const text = stored.trim().replace(' ', 'T');
  const hasZone = /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(text);
  return Date.parse(hasZone ? text : `${text}Z`);
}

/** A stored time as an ISO string (`2025-10-03T14:20:05.123Z`); an unreadable value is returned as is. */
export function fromStoredTime(stored: string): string {
  const ms = storedTimeToMs(stored);
  return Number.isNaN(ms) ? stored : new Date(ms).toISOString();
}

/** A nullable stored time as a nullable ISO string. */
export function fromStoredTimeOrNull(stored: string | null): string | null {
  return stored === null ? null : fromStoredTime(stored);
}
