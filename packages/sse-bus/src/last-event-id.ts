/**
 * Where a stream resumes: the `Last-Event-ID` header an EventSource sends on reconnect, or
 * `?lastEventId=` for a first connection (a browser EventSource cannot set headers).
 */
import { SseBusError } from './sse-bus-error.ts';

const DIGITS = /^\d{1,16}$/;

/**
 * The id a request resumes after, or undefined for none. The header wins over the query parameter;
 * an empty value counts as absent. Throws `SseBusError` `INVALID_LAST_EVENT_ID` for anything but a
 * non-negative integer.
 *
 * @example
 * lastEventIdOf(new Request('http://localhost/sse?topic=jobs', { headers: { 'Last-Event-ID': '41' } })); // 41
 */
export function lastEventIdOf(request: Request): number | undefined {
  return lastEventIdFrom(request.headers.get('last-event-id'), new URL(request.url).searchParams);
}

/** {@link lastEventIdOf} from the header's value and the query: for handlers without a `Request`. */
export function lastEventIdFrom(
  header: string | null | undefined,
  query: URLSearchParams,
): number | undefined {
  const trimmed = header?.trim();
  const value = trimmed ? trimmed : query.get('lastEventId')?.trim();
  if (!value) return undefined;
  const id = Number(value);
  if (!DIGITS.test(value) || !Number.isSafeInteger(id)) {
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
    throw new SseBusError(
      'INVALID_LAST_EVENT_ID',
      `invalid Last-Event-ID ${shown}: expected the non-negative integer id of the last event received`,
    );
  }
  return id;
}
