/**
 * The replay window: two instants, given as epoch ms or ISO-8601 strings, checked once.
 */
import { ReplayError } from './replay-error.ts';

/** A window as the caller writes it: epoch ms or an ISO-8601 string per bound, both inclusive. */
export interface ReplayWindowInput {
  readonly from: number | string;
  readonly to: number | string;
}

/** A checked window, epoch ms, `from <= to`, both inclusive. */
export interface ReplayBounds {
  readonly from: number;
  readonly to: number;
}

/**
 * Checks a window, or throws a `ReplayError` `INVALID_WINDOW`. Strings must carry a time zone
 * (`Z` or an offset): a zoneless time would mean a different window on every machine.
 *
 * @example
 * parseReplayBounds({ from: '2025-09-28T14:00:00Z', to: '2025-09-28T15:00:00Z' });
 * // { from: 1759068000000, to: 1759071600000 }
 */
export function parseReplayBounds(window: ReplayWindowInput): ReplayBounds {
  const from = toEpochMs(window.from, 'from');
  const to = toEpochMs(window.to, 'to');
  if (to < from) {
    throw new ReplayError(
      'INVALID_WINDOW',
      `invalid replay window: to (${iso(to)}) is before from (${iso(from)})`,
    );
  }
  return { from, to };
}

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

function toEpochMs(value: number | string, name: 'from' | 'to'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new ReplayError('INVALID_WINDOW', `invalid replay window: ${name} is ${value}, expected a time`);
  }
  const text = String(value).trim();
  const parsed = Date.parse(text);
  if (!ZONED.test(text) || Number.isNaN(parsed)) {
    throw new ReplayError(
      'INVALID_WINDOW',
      `invalid replay window: ${name} ${JSON.stringify(text)} is not an ISO-8601 time with a zone (e.g. 2025-09-28T14:00:00Z)`,
    );
  }
  return parsed;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
