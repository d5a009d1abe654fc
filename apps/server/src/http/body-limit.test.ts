import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requestBodyLimit } from './body-limit.ts';

const app = new Hono();
app.use(requestBodyLimit({ maxBytes: 16 }));
app.post('/mcp', async (context) => context.json({ received: await context.req.text() }));
app.get('/mcp', (context) => context.json({ ok: true }));

/** A body sent in chunks with no Content-Length, as `Transfer-Encoding: chunked` arrives. */
function chunked(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

const tooLarge = {
  error: 'payload_too_large',
  message: 'request body is larger than 16 bytes',
  maxBytes: 16,
};

describe('requestBodyLimit', () => {
  it('passes bodies up to the limit through intact', async () => {
    const response = await app.request('/mcp', { method: 'POST', body: '{"a":"0123456"}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: '{"a":"0123456"}' });
  });

  it('refuses a Content-Length over the limit with 413 on the header alone, before reading', async () => {
    const response = await app.request('/mcp', {
      method: 'POST',
      headers: { 'Content-Length': '1048576' },
      body: 'x',
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(tooLarge);
  });

  it('counts a chunked body without Content-Length and refuses it once past the limit', async () => {
    const response = await app.request('/mcp', {
      method: 'POST',
      headers: { 'Transfer-Encoding': 'chunked' },
      body: chunked('0123456789', '0123456789'),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(tooLarge);
  });

  it('passes a chunked body within the limit through intact', async () => {
    const response = await app.request('/mcp', {
      method: 'POST',
      body: chunked('01234', '56789'),
      duplex: 'half',
    } as RequestInit);
    expect(await response.json()).toEqual({ received: '0123456789' });
  });

  it('counts bytes, not characters', async () => {
    const response = await app.request('/mcp', { method: 'POST', body: '\u{1F600}'.repeat(5) });
    expect(response.status).toBe(413);
  });

  it('judges a declared length, and a GET, on the headers alone, without opening the body', async () => {
    const opened: string[] = [];
    const watched = (method: string, body?: string) => {
      const declared = body === undefined ? {} : { body, headers: { 'content-length': String(body.length) } };
      const request = new Request('http://localhost/mcp', { method, ...declared });
      const real = request.body;
      Object.defineProperty(request, 'body', {
        get: () => {
          opened.push(method);
          return real;
        },
      });
      return request;
    };
    expect((await app.request(watched('POST', '{"a":"0123456"}'))).status).toBe(200);
    expect((await app.request(watched('GET'))).status).toBe(200);
    expect(opened).toEqual([]);
  });

  it('leaves requests without a body alone', async () => {
    expect((await app.request('/mcp')).status).toBe(200);
  });
});
