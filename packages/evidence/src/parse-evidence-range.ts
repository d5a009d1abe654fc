/**
 * The `from`/`to` of `GET /evidence/export`: a relative age (`30d`, `12h`, `90m`, `45s`, meaning
 * that long before `now`) or an ISO-8601 date-time WITH a zone (`2025-09-28T14:00:00Z`,
 * `…+02:00`). A zone is required because a zoneless time means a different instant on every
 * server, which evidence must not.
 */
import { EvidenceError } from './evidence-error.ts';

/** The longest range one pack may cover. */
export const MAX_EVIDENCE_RANGE_DAYS = 400;

/** How far `to` may lie ahead of the server's clock (clients' clocks drift). */
export const FUTURE_TOLERANCE_MS = 60_000;

/** A validated range, epoch ms, both ends included. */
export interface EvidenceRange {
  readonly from: number;
  readonly to: number;
}

/** The query as it came; `to` left out means now. */
export interface EvidenceRangeInput {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** The oldest instant a range may reach back to: 100 years before now (36525 days). */
export const MAX_EVIDENCE_AGE_DAYS = 36_525;

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
const RELATIVE = /^(\d{1,9})([dhms])$/;
// Each part captured so it can be checked: Date.parse rolls `2025-02-30` over to March 2.
const ISO_WITH_ZONE =
  /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d\d):?(\d\d))$/i;

function unparseable(text: string, field: 'from' | 'to', why?: string): EvidenceError {
  const what =
    why === undefined
      ? 'is neither an age like 30d, 12h, 90m, 45s nor an ISO-8601 time with a zone like 2025-09-28T14:00:00Z'
      : `is not a real date and time: ${why}`;
  return new EvidenceError('UNPARSEABLE', field, `${field}=${JSON.stringify(text)} ${what}`);
}

function tooOld(text: string, field: 'from' | 'to'): EvidenceError {
  return new EvidenceError(
    'OUT_OF_RANGE',
    field,
    `${field}=${JSON.stringify(text)} lies more than ${MAX_EVIDENCE_AGE_DAYS} days (100 years) in the past; nothing older can be recorded`,
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// The instant of a checked ISO time, or why it is not a real one.
function isoInstant(match: RegExpExecArray): number | string {
  const [, year, month, day, hour, minute, second = '0', fraction = '', sign, offsetHours, offsetMinutes] =
    match;
  const parts = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  if (parts.month < 1 || parts.month > 12) return `there is no month ${month}`;
  if (parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) {
    return `${year}-${month} has no day ${day}`;
  }
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59)
    return `${hour}:${minute}:${second} is not a time of day`;
  let offsetMs = 0;
  if (sign !== undefined) {
    if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)
      return `${sign}${offsetHours}:${offsetMinutes} is not a zone offset`;
    offsetMs = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  }
  const date = new Date(
    Date.UTC(
      2000,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute,
      parts.second,
      Number(fraction.padEnd(3, '0').slice(0, 3)),
    ),
  );
  // Date.UTC reads years 0-99 as 1900-1999: set the year on its own.
  date.setUTCFullYear(parts.year);
  return date.getTime() - offsetMs;
}

function parseInstant(text: string, field: 'from' | 'to', now: number): number {
  const trimmed = text.trim();
  const oldest = now - MAX_EVIDENCE_AGE_DAYS * UNIT_MS.d;
  const relative = RELATIVE.exec(trimmed);
  if (relative !== null) {
    const unit = relative[2] as keyof typeof UNIT_MS;
    // Bounded before any Date is made of it: 200000001d is past what a Date can hold.
    if (Number(relative[1]) * UNIT_MS[unit] > now - oldest) throw tooOld(text, field);
    return now - Number(relative[1]) * UNIT_MS[unit];
  }
  const iso = ISO_WITH_ZONE.exec(trimmed);
  if (iso === null) throw unparseable(text, field);
  const at = isoInstant(iso);
  if (typeof at === 'string') throw unparseable(text, field, at);
  if (at < oldest) throw tooOld(text, field);
  return at;
}

/**
 * The range of an export at `now` (epoch ms); throws {@link EvidenceError} when it is missing,
 * unparseable (impossible dates like `2025-02-30` included), older than
 * {@link MAX_EVIDENCE_AGE_DAYS}, reversed, longer than {@link MAX_EVIDENCE_RANGE_DAYS} or in the future.
 *
 * @example
 * parseEvidenceRange({ from: '30d' }, Date.now()); // { from: now - 30 days, to: now }
 */
export function parseEvidenceRange(input: EvidenceRangeInput, now: number): EvidenceRange {
  if (input.from === undefined || input.from.trim() === '') {
    throw new EvidenceError(
      'MISSING_FROM',
      'from',
      'from is required, e.g. from=30d or from=2025-09-28T14:00:00Z',
    );
  }
  const from = parseInstant(input.from, 'from', now);
  const to = input.to === undefined || input.to.trim() === '' ? now : parseInstant(input.to, 'to', now);
  if (from > now + FUTURE_TOLERANCE_MS) {
    throw new EvidenceError('IN_FUTURE', 'from', `from ${new Date(from).toISOString()} is in the future`);
  }
  if (to > now + FUTURE_TOLERANCE_MS) {
    throw new EvidenceError('IN_FUTURE', 'to', `to ${new Date(to).toISOString()} is in the future`);
  }
  if (from > to) {
    throw new EvidenceError(
      'FROM_AFTER_TO',
      'range',
      `from ${new Date(from).toISOString()} is after to ${new Date(to).toISOString()}`,
    );
  }
  if (to - from > MAX_EVIDENCE_RANGE_DAYS * UNIT_MS.d) {
    throw new EvidenceError(
      'RANGE_TOO_LONG',
      'range',
      `the range covers ${Math.ceil((to - from) / UNIT_MS.d)} days; at most ${MAX_EVIDENCE_RANGE_DAYS} per pack`,
    );
  }
  return { from, to };
}

/** {@link parseEvidenceRange} without throwing. */
export function safeParseEvidenceRange(
  input: EvidenceRangeInput,
  now: number,
): { success: true; range: EvidenceRange } | { success: false; error: EvidenceError } {
  try {
    return { success: true, range: parseEvidenceRange(input, now) };
  } catch (error) {
    if (error instanceof EvidenceError) return { success: false, error };
    throw error;
  }
}
