import { isoTime } from '@lukhas/core';

/** `2025-10-03 14:20`: the minute of an epoch-ms time, in UTC. */
export function formatUtcMinute(at: number): string {
  // One per narrative line, a million in an evidence export: isoTime spares a Date each.
  const iso = isoTime(at);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * A full narrative line: the UTC minute in brackets, then the message.
 *
 * @example formatNarrativeLine(Date.UTC(2025, 9, 3, 14, 21), 'job_9hd → completed successfully (23s)')
 * // '[2025-10-03 14:21] job_9hd → completed successfully (23s)'
 */
export function formatNarrativeLine(at: number, message: string): string {
  return narrativeLineAt(formatUtcMinute(at), message);
}

/**
 * A full narrative line from a minute already written as {@link formatUtcMinute} writes it (a
 * stored time's text holds it as is).
 *
 * @example narrativeLineAt('2025-10-03 14:21', 'job_9hd → completed') // '[2025-10-03 14:21] job_9hd → completed'
 */
export function narrativeLineAt(minute: string, message: string): string {
  return `[${minute}] ${message}`;
}
