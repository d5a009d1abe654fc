import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouterLifetime } from './router-lifetime.ts';

// Node warns (and keeps going) when more than 10 listeners pile up on one signal: collected here,
// so a leak fails the test instead of scrolling by.
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
beforeEach(() => {
  warnings.length = 0;
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

/** A call that listens on its own signal, as the adapters do, and ends when told to. */
function pendingCall() {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen: AbortSignal[] = [];
  const call = (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      seen.push(signal);
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      void released.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve('done');
      });
    });
  return { call, release: () => release(), seen };
}

describe('createRouterLifetime', () => {
  it('puts one listener on a caller signal shared by 30 calls at once, and none once they end', async () => {
    const lifetime = createRouterLifetime('haproxy');
    const shared = new AbortController();
    const { call, release } = pendingCall();
    const calls = Array.from({ length: 30 }, () => lifetime.run(shared.signal, call));
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    release();
    expect(await Promise.all(calls)).toEqual(Array(30).fill('done'));
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  });

  it('gives each call its own signal when the caller has none, so 30 at once raise no warning', async () => {
    const lifetime = createRouterLifetime('webhook');
    const { call, release, seen } = pendingCall();
    const calls = Array.from({ length: 30 }, () => lifetime.run(undefined, call));
    expect(new Set(seen).size).toBe(30);
    release();
    await Promise.all(calls);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  });

  it('aborts only the calls of a caller whose signal aborts', async () => {
    const lifetime = createRouterLifetime('haproxy');
    const first = new AbortController();
    const { call, release } = pendingCall();
    const aborted = lifetime.run(first.signal, call);
    const other = lifetime.run(new AbortController().signal, call);
    first.abort(new Error('canary stopped'));
    await expect(aborted).rejects.toThrow('canary stopped');
    release();
    expect(await other).toBe('done');
    expect(getEventListeners(first.signal, 'abort')).toHaveLength(0);
    await expect(lifetime.run(first.signal, call)).rejects.toMatchObject({
      code: 'ROUTER_ABORTED',
      message: 'haproxy router: the call was aborted',
    });
  });

  it('aborts every call in flight on close, and refuses later ones', async () => {
    const lifetime = createRouterLifetime('webhook');
    const caller = new AbortController();
    const { call } = pendingCall();
    const inFlight = [lifetime.run(undefined, call), lifetime.run(caller.signal, call)];
    await lifetime.close();
    for (const each of inFlight) await expect(each).rejects.toThrow('webhook router closed');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    await expect(lifetime.run(undefined, call)).rejects.toMatchObject({
      code: 'ROUTER_ABORTED',
      message: 'webhook router: the router is closed',
    });
  });
});
