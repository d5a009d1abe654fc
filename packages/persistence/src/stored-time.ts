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
  const fields = canonicalFields(stored);
  if (fields !== undefined) {
    const [year, month, day, hours, minutes, seconds, milliseconds] = fields;
    return Date.UTC(year, month - 1, day, hours, minutes, seconds, milliseconds);
  }
  const text = stored.trim().replace(' ', 'T');
  const hasZone = /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(text);
  return Date.parse(hasZone ? text : `${text}Z`);
}

/** A stored time as an ISO string (`2025-10-03T14:20:05.123Z`); an unreadable value is returned as is. */
export function fromStoredTime(stored: string): string {
  // What the cockpit writes is already the ISO text with a space and no zone: move two characters.
  if (canonicalFields(stored) !== undefined) return `${stored.slice(0, 10)}T${stored.slice(11)}Z`;
  const ms = storedTimeToMs(stored);
  return Number.isNaN(ms) ? stored : new Date(ms).toISOString();
}

/**
 * The UTC minute (`2025-10-03 14:20`) of a time stored exactly as {@link toStoredTime} writes it,
 * read off its text; undefined for any other spelling. It is what formatting the minute of
 * {@link storedTimeToMs} gives, without the date arithmetic there and back: the evidence export's
 * narrative.txt takes a million of these.
 */
export function storedMinute(stored: string): string | undefined {
  return canonicalFields(stored) === undefined ? undefined : stored.slice(0, 16);
}

/** A nullable stored time as a nullable ISO string. */
export function fromStoredTimeOrNull(stored: string | null): string | null {
  return stored === null ? null : fromStoredTime(stored);
}

type TimeFields = [number, number, number, number, number, number, number];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The fields of a time written exactly as {@link toStoredTime} writes it (`YYYY-MM-DD HH:MM:SS.SSS`,
 * years 1970–9999, every field in range), else undefined. The export reads millions of these:
 * reading the digits is several times cheaper than a regular expression and `Date.parse`, and
 * the range checks keep the result identical (`Date.parse` would roll `02-30` over into March;
 * anything not canonical still goes that way and gives what it always gave).
 */
function canonicalFields(stored: string): TimeFields | undefined {
  if (stored.length !== 23) return undefined;
  for (const [index, separator] of SEPARATORS) {
    if (stored.charCodeAt(index) !== separator) return undefined;
  }
  const year = digits(stored, 0, 4);
  const month = digits(stored, 5, 2);
  const day = digits(stored, 8, 2);
  const hours = digits(stored, 11, 2);
  const minutes = digits(stored, 14, 2);
  const seconds = digits(stored, 17, 2);
  const milliseconds = digits(stored, 20, 3);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || milliseconds < 0) return undefined;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > monthDays) return undefined;
  return [year, month, day, hours, minutes, seconds, milliseconds];
}

const SEPARATORS: readonly (readonly [number, number])[] = [
  [4, 45], // -
  [7, 45], // -
  [10, 32], // space
  [13, 58], // :
  [16, 58], // :
  [19, 46], // .
];

// The number written by `count` ASCII digits from `start`; -1 when one of them is not a digit.
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
