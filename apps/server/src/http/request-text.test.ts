import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { requestBodyLimit } from './body-limit.ts';
import { type RequestTextBindings, requestText } from './request-text.ts';

const servers: ReturnType<typeof serve>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A node:http server whose POST /echo answers the body text and which way it was read. */
async function echoServer(...middleware: MiddlewareHandler[]): Promise<string> {
  const app = new Hono();
  if (middleware.length > 0) app.use(...middleware);
  app.post('/echo', async (context) => {
    let via = 'node:http';
    const raw = context.req.raw;
    // `text()` of the web Request is the fallback: note when it is asked.
    const request = new Proxy(raw, {
      get: (target, key) => {
        if (key !== 'text') return Reflect.get(target, key);
        via = 'web Request';
        return () => target.text();
      },
    });
    const text = await requestText(request, context.env as RequestTextBindings);
    return context.json({ text, via });
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
}

async function echo(url: string, body: BodyInit, init: RequestInit = {}) {
  const response = await fetch(url, { method: 'POST', body, ...init });
  return (await response.json()) as { text: string; via: string };
}

/** A body that arrives in pieces, without Content-Length (`Transfer-Encoding: chunked`). */
function inPieces(...pieces: string[]): RequestInit & { duplex: 'half' } {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return { body, duplex: 'half' };
}

describe('requestText', () => {
  it('reads a body straight from node:http when nothing has touched it', async () => {
    const url = await echoServer();
    expect(await echo(url, '{"jsonrpc":"2.0","id":1}')).toEqual({
      text: '{"jsonrpc":"2.0","id":1}',
      via: 'node:http',
    });
  });

  it('decodes as Request.text() does: a byte order mark dropped, malformed bytes replaced', async () => {
    const url = await echoServer();
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0xff, 0xc3, 0xa9, 0xe2, 0x82]);
    const expected = await new Response(bytes).text();
    expect(expected.startsWith('{}')).toBe(true);
    expect(await echo(url, bytes)).toEqual({ text: expected, via: 'node:http' });
  });

  it('joins a body that arrives in pieces, and reads an empty one', async () => {
    const url = await echoServer();
    const pieces = ['{"a":', '"é', '"}'];
    expect(await echo(url, '', inPieces(...pieces))).toEqual({ text: pieces.join(''), via: 'node:http' });
    expect(await echo(url, '')).toEqual({ text: '', via: 'node:http' });
  });

  it('behind the body limit: a declared length stays untouched, a counted chunked body comes from the Request', async () => {
    const url = await echoServer(requestBodyLimit({ maxBytes: 64 }));
    expect(await echo(url, '{"declared":true}')).toEqual({ text: '{"declared":true}', via: 'node:http' });
    expect(await echo(url, '', inPieces('{"chunked"', ':true}'))).toEqual({
      text: '{"chunked":true}',
      via: 'web Request',
    });
  });

  it('reads straight from node:http a body whose web stream was made but never read', async () => {
    const url = await echoServer(async (context, next) => {
      expect(context.req.raw.body).not.toBeNull();
      await next();
    });
    expect(await echo(url, '{"made":true}')).toEqual({ text: '{"made":true}', via: 'node:http' });
  });

  it('takes the body from the Request once something has read from its web stream', async () => {
    const url = await echoServer(async (context, next) => {
      // A copy of the body read first (a tee of the web stream): node:http has been read from.
      expect(await context.req.raw.clone().text()).toBe('{"read":true}');
      await next();
    });
    expect(await echo(url, '{"read":true}')).toEqual({ text: '{"read":true}', via: 'web Request' });
  });

  it('reads through the Request when there is no node:http request (in-process)', async () => {
    const request = new Request('http://127.0.0.1/echo', { method: 'POST', body: '{"in":"process"}' });
    expect(await requestText(request, undefined)).toBe('{"in":"process"}');
  });
});
