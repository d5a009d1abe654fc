import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { handOffToNode, type NodeStreamBindings, withNodeStreams } from './node-stream-hand-off.ts';

const servers: ReturnType<typeof serve>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** An app whose middleware sets a header after the route, as the security layer does. */
function appWithStream(started: string[]) {
  const app = new Hono();
  app.use(async (context, next) => {
    if (context.req.query('refuse') !== undefined) return context.json({ error: 'refused' }, 401);
    await next();
    context.header('x-set-after-the-route', 'yes');
  });
  app.get('/stream', (context) => {
    const handedOff = handOffToNode(
      context.env as Partial<NodeStreamBindings>,
      async (_incoming, outgoing) => {
        started.push('node');
        outgoing.writeHead(200, { 'content-type': 'text/plain' });
        outgoing.end('written to node:http');
      },
    );
    return handedOff ?? context.text('a web response');
  });
  return app;
}

async function listen(app: Hono): Promise<string> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: withNodeStreams(app.fetch), port: 0, hostname: '127.0.0.1' }, () =>
      resolve(listening),
    );
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('withNodeStreams and handOffToNode', () => {
  it('starts the stream on the node response once the middleware has run, with its headers', async () => {
    const started: string[] = [];
    const base = await listen(appWithStream(started));
    const response = await fetch(`${base}/stream`);
    expect(response.headers.get('x-set-after-the-route')).toBe('yes');
    expect(response.headers.get('x-cockpit-node-stream')).toBeNull();
    expect(await response.text()).toBe('written to node:http');
    expect(started).toEqual(['node']);
  });

  it('never starts a stream whose placeholder the middleware replaced (a refusal)', async () => {
    const started: string[] = [];
    const base = await listen(appWithStream(started));
    const response = await fetch(`${base}/stream?refuse`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'refused' });
    expect(started).toEqual([]);
  });

  it('leaves the route its Web response where the server offers no hand-off', async () => {
    const started: string[] = [];
    const response = await appWithStream(started).request('/stream');
    expect(await response.text()).toBe('a web response');
    expect(started).toEqual([]);
  });
});
