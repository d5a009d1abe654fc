import { systemTimers } from '@lukhas/core';
import { describe, expect, it, vi } from 'vitest';
import { postWebhook, type WebhookFetch } from './post-webhook.ts';

function answering(...statuses: (number | Error)[]) {
  const seen: { url: string; body: string; headers: Record<string, string> }[] = [];
  const fetch = vi.fn<WebhookFetch>(async (url, init) => {
    seen.push({ url, body: init.body, headers: init.headers });
    const next = statuses[Math.min(seen.length - 1, statuses.length - 1)];
    if (next instanceof Error) throw next;
    return { status: next ?? 200, body: null };
  });
  return { fetch, seen };
}

const BASE = {
  url: 'https://hooks.example/x',
  payload: { a: 1 },
  timeoutMs: 1000,
  backoffMs: 1,
  timers: systemTimers,
};

describe('postWebhook', () => {
  it('POSTs JSON once when the first answer is 2xx', async () => {
    const { fetch, seen } = answering(202);
    const outcome = await postWebhook({ ...BASE, retries: 2, fetch, headers: { 'x-extra': 'yes' } });
    expect(outcome).toEqual({
      ok: true,
      status: 202,
      attempts: 1,
      error: null,
      failure: null,
      aborted: false,
    });
    expect(seen).toEqual([
      {
        url: 'https://hooks.example/x',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json', 'user-agent': 'lukhas-mcp-cockpit', 'x-extra': 'yes' },
      },
    ]);
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', redirect: 'manual' });
  });

  it('retries 5xx, 429 and network errors, not a final 4xx', async () => {
    const retried = answering(
      503,
      429,
      new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }),
      200,
    );
    expect(await postWebhook({ ...BASE, retries: 3, fetch: retried.fetch })).toMatchObject({
      ok: true,
      attempts: 4,
    });

    const refused = answering(404, 200);
    expect(await postWebhook({ ...BASE, retries: 3, fetch: refused.fetch })).toEqual({
      ok: false,
      status: 404,
      attempts: 1,
      error: null,
      failure: 'HTTP 4xx',
      aborted: false,
    });
  });

  it('names the network failure after the last retry', async () => {
    const { fetch } = answering(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }));
    expect(await postWebhook({ ...BASE, retries: 1, fetch })).toEqual({
      ok: false,
      status: null,
      attempts: 2,
      error: 'unreachable: ENOTFOUND',
      failure: 'connection error',
      aborted: false,
    });
  });

  it('waits backoffMs, doubling, between attempts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { fetch } = answering(500);
      const started = Date.now();
      const times: number[] = [];
      fetch.mockImplementation(async () => {
        times.push(Date.now() - started);
        return { status: 500, body: null };
      });
      const outcome = postWebhook({ ...BASE, backoffMs: 100, retries: 3, fetch });
      await vi.advanceTimersByTimeAsync(1000);
      expect(await outcome).toMatchObject({ ok: false, status: 500, attempts: 4 });
      expect(times).toEqual([0, 100, 300, 700]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops when its signal aborts, and says so', async () => {
    const controller = new AbortController();
    const fetch: WebhookFetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal.addEventListener('abort', () => reject(init.signal.reason)),
      );
    const outcome = postWebhook({ ...BASE, retries: 5, fetch, signal: controller.signal });
    controller.abort(new Error('shutdown'));
    expect(await outcome).toEqual({
      ok: false,
      status: null,
      attempts: 1,
      error: 'aborted',
      failure: 'aborted',
      aborted: true,
    });
  });

  it('signs the body with HMAC-SHA256 when given a secret', async () => {
    const { fetch, seen } = answering(200);
    await postWebhook({ ...BASE, payload: { event: 'promoted' }, retries: 0, fetch, secret: 'key' });
    // echo -n '{"event":"promoted"}' | openssl dgst -sha256 -hmac key
    expect(seen[0]?.headers['x-lukhas-signature']).toBe(
      'sha256=f2bcee30fddf864858d309319c10f51a26d6b6b0f16f8abc1dc1b384c4669d16',
    );
  });
});
