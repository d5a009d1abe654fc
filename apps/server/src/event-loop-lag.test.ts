import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EventLoopLag, monitorEventLoopLag } from './event-loop-lag.ts';

let lag: EventLoopLag | undefined;
afterEach(() => lag?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function block(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // Busy: the loop cannot run its timers.
  }
}

describe('monitorEventLoopLag', () => {
  it('reads 0 until the first interval completes, then about 0 on an idle loop', async () => {
    lag = monitorEventLoopLag({ intervalMs: 100 });
    block(150);
    expect(lag.p99Ms()).toBe(0);
    await sleep(250); // at least one interval completes (the one with the block in it)
    // A busy machine can starve this process through a whole interval (that is lag too): wait for
    // an interval in which the loop really was idle.
    await untilCalm(lag);
    expect(lag.p99Ms()).toBeGreaterThanOrEqual(0);
  });

  it('reports a loop that stays blocked, then forgets it once an interval passes without', async () => {
    lag = monitorEventLoopLag({ intervalMs: 300 });
    // A second of a loop that only breathes between 200 ms blocks: every interval in it is slow.
    for (let index = 0; index < 5; index += 1) {
      block(200);
      await sleep(1);
    }
    await sleep(20);
    expect(lag.p99Ms()).toBeGreaterThan(150);
    await untilCalm(lag);
  });
});

/** Resolves once an interval read under 100 ms of lag; a starved machine may take several. */
async function untilCalm(lag: EventLoopLag): Promise<void> {
  await vi.waitFor(() => expect(lag.p99Ms()).toBeLessThan(100), { timeout: 20_000, interval: 50 });
}
