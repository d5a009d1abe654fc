import { describe, expect, it } from 'vitest';
import { lastEventIdOf } from './last-event-id.ts';

function request(query: string, header?: string): Request {
  return new Request(`http://localhost/sse?topic=jobs${query}`, {
    headers: header === undefined ? {} : { 'Last-Event-ID': header },
  });
}

describe('lastEventIdOf', () => {
  it('reads the header, else the query parameter; the header wins', () => {
    expect(lastEventIdOf(request('', '41'))).toBe(41);
    expect(lastEventIdOf(request('&lastEventId=7'))).toBe(7);
    expect(lastEventIdOf(request('&lastEventId=7', '41'))).toBe(41);
    expect(lastEventIdOf(request('&lastEventId=0'))).toBe(0);
  });

  it('treats missing and empty values as no resume point', () => {
    expect(lastEventIdOf(request(''))).toBeUndefined();
    expect(lastEventIdOf(request('', ''))).toBeUndefined();
    expect(lastEventIdOf(request('&lastEventId='))).toBeUndefined();
    expect(lastEventIdOf(request('&lastEventId=9', ' '))).toBe(9);
  });

  it.each(['-1', '1.5', 'abc', '1e3', '0x10', '99999999999999999'])('refuses %j', (value) => {
    expect(() => lastEventIdOf(request('', value))).toThrow(
      expect.objectContaining({ code: 'INVALID_LAST_EVENT_ID' }),
    );
  });
});
