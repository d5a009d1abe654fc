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

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
const RELATIVE = /^(\d{1,9})([dhms])$/;
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)$/i;

function parseInstant(text: string, field: 'from' | 'to', now: number): number {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative !== null) {
    const unit = relative[2] as keyof typeof UNIT_MS;
    return now - Number(relative[1]) * UNIT_MS[unit];
  }
  const at = ISO_WITH_ZONE.test(trimmed) ? Date.parse(trimmed.toUpperCase()) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new EvidenceError(
      'UNPARSEABLE',
      field,
      `${field}=${JSON.stringify(text)} is neither an age like 30d, 12h, 90m, 45s nor an ISO-8601 time with a zone like 2025-09-28T14:00:00Z`,
    );
  }
  return at;
}

/**
 * The range of an export at `now` (epoch ms); throws {@link EvidenceError} when it is missing,
 * unparseable, reversed, longer than {@link MAX_EVIDENCE_RANGE_DAYS} or in the future.
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
