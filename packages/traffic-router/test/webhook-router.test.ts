/**
 * The webhook router against a local receiver: retried until it answers 2xx (same Idempotency-Key,
 * a signature the receiver verifies with the shared secret), a receiver that keeps failing, and one
 * that never answers (each attempt times out, the call rejects).
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TrafficSplit } from '@lukhas/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrafficRouter, parseTrafficRouterSettings, type TrafficRouterAdapter } from '../src/index.ts';

const SPLIT: TrafficSplit = {
  canaryId: 'canary_7fh2m9qz',
  modelId: 'lukhas-v2',
  fromGate: 'staging',
  toGate: 'production',
};
const SECRET = 'router-secret';

interface Received {
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A receiver on a loopback port; `answer` decides each call's fate by its number (1-based). */
async function receiver(answer: (call: number, response: ServerResponse) => void) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
      answer(received.length, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${address.port}/traffic`, received };
}

function routerFor(url: string, knobs: { timeoutMs?: number; retries?: number }): TrafficRouterAdapter {
  const settings = parseTrafficRouterSettings({
    LUKHAS_TRAFFIC_ROUTER: 'webhook',
    LUKHAS_TRAFFIC_WEBHOOK_URL: url,
  });
  return createTrafficRouter(settings, { knobs: { backoffMs: 10, secret: SECRET, ...knobs } });
}

describe('webhook router against a local receiver', () => {
  it('retries until the receiver answers 2xx, signed, with the same Idempotency-Key', async () => {
    const { url, received } = await receiver((call, response) => {
      response.writeHead(call <= 2 ? 503 : 204).end();
    });
    const router = routerFor(url, { retries: 3 });
    const call = await router.setWeight(SPLIT, 25, { idempotencyKey: 'canary_7fh2m9qz:step:0' });
    expect(call).toEqual({ weight: 25, attempts: 3, detail: 'webhook answered 204' });
    expect(received).toHaveLength(3);
    for (const { body, headers } of received) {
      expect(JSON.parse(body)).toEqual({ ...SPLIT, weight: 25 });
      expect(headers['idempotency-key']).toBe('canary_7fh2m9qz:step:0');
      expect(headers['content-type']).toBe('application/json');
      const expected = createHmac('sha256', SECRET).update(body).digest('hex');
      expect(headers['x-lukhas-signature']).toBe(`sha256=${expected}`);
    }
  });

  it('rejects ROUTER_REFUSED with the failure class when every attempt fails', async () => {
    const { url, received } = await receiver((_call, response) => response.writeHead(500).end('boom'));
    const router = routerFor(url, { retries: 2 });
    await expect(router.setWeight(SPLIT, 50, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      router: 'webhook',
      attempts: 3,
      message: 'traffic webhook answered HTTP 5xx after 3 attempts',
    });
    expect(received).toHaveLength(3);
  });

  it('does not retry a final answer (4xx)', async () => {
    const { url, received } = await receiver((_call, response) => response.writeHead(409).end());
    const router = routerFor(url, { retries: 2 });
    await expect(router.setWeight(SPLIT, 50, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'ROUTER_REFUSED',
      attempts: 1,
      message: 'traffic webhook answered HTTP 4xx after 1 attempt',
    });
    expect(received).toHaveLength(1);
  });

  it('rejects ROUTER_UNREACHABLE when the receiver never answers (each attempt times out)', async () => {
    const { url, received } = await receiver(() => undefined);
    const router = routerFor(url, { retries: 1, timeoutMs: 300 });
    const failure = router.setWeight(SPLIT, 0, { idempotencyKey: 'canary_7fh2m9qz:rollback' });
    await expect(failure).rejects.toMatchObject({
      code: 'ROUTER_UNREACHABLE',
      attempts: 2,
      message: 'traffic webhook failed after 2 attempts: timeout',
    });
    await expect(failure).rejects.toHaveProperty('cause.message', 'timed out after 300ms');
    expect(received).toHaveLength(2);
  });

  it('rejects ROUTER_ABORTED when closed while a call waits', async () => {
    const { url } = await receiver(() => undefined);
    const router = routerFor(url, { retries: 0, timeoutMs: 60_000 });
    const pending = router.setWeight(SPLIT, 10, { idempotencyKey: 'k' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await router.close();
    await expect(pending).rejects.toMatchObject({ code: 'ROUTER_ABORTED', attempts: 1 });
    await expect(router.setWeight(SPLIT, 10, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'ROUTER_ABORTED',
    });
  });
});
