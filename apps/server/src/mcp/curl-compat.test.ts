import { describe, expect, it } from 'vitest';
import { curlCompatibleHeaders } from './curl-compat.ts';

const BOTH = 'application/json, text/event-stream';

describe('curlCompatibleHeaders', () => {
  it.each([
    ['no Accept at all', {}],
    ["curl's */*", { accept: '*/*' }],
    ['application/* with a quality', { accept: 'application/*;q=0.9' }],
    ['application/json alone', { accept: 'application/json' }],
  ])('lets %s through as JSON-only', (_name, headers: Record<string, string>) => {
    const result = curlCompatibleHeaders(new Headers({ 'content-type': 'application/json', ...headers }));
    expect(result.jsonOnly).toBe(true);
    expect(result.headers.get('accept')).toBe(BOTH);
  });

  it('leaves an MCP client that lists both types alone, with streaming allowed', () => {
    const result = curlCompatibleHeaders(
      new Headers({ accept: 'text/event-stream, application/json', 'content-type': 'application/json' }),
    );
    expect(result).toMatchObject({ jsonOnly: false, rewritten: false });
    expect(result.headers.get('accept')).toBe('text/event-stream, application/json');
  });

  it('hands back the very same headers when nothing is rewritten, and a copy when something is', () => {
    const sdk = new Headers({ accept: BOTH, 'content-type': 'application/json' });
    expect(curlCompatibleHeaders(sdk).headers).toBe(sdk);
    const curl = new Headers({ accept: '*/*' });
    const result = curlCompatibleHeaders(curl);
    expect(result).toMatchObject({ rewritten: true, jsonOnly: true });
    expect(result.headers).not.toBe(curl);
    expect(curl.get('accept')).toBe('*/*');
  });

  it('leaves an Accept that refuses JSON for the SDK to answer 406', () => {
    const result = curlCompatibleHeaders(new Headers({ accept: 'text/html' }));
    expect(result.jsonOnly).toBe(false);
    expect(result.headers.get('accept')).toBe('text/html');
  });

  it("reads curl -d's form Content-Type, or none, as JSON when no browser sent it", () => {
    for (const contentType of ['application/x-www-form-urlencoded', undefined]) {
      const headers = new Headers(contentType === undefined ? {} : { 'content-type': contentType });
      expect(curlCompatibleHeaders(headers).headers.get('content-type')).toBe('application/json');
    }
  });

  it("keeps the form Content-Type of a browser (it sends Origin), and any other type, for the SDK's 415", () => {
    const browser = new Headers({
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
    });
    expect(curlCompatibleHeaders(browser).headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded',
    );
    const plain = new Headers({ 'content-type': 'text/plain' });
    expect(curlCompatibleHeaders(plain).headers.get('content-type')).toBe('text/plain');
  });

  it("does not touch the caller's headers", () => {
    const original = new Headers({ accept: '*/*' });
    curlCompatibleHeaders(original);
    expect(original.get('accept')).toBe('*/*');
  });
});
