import { afterEach, describe, expect, it } from 'vitest';
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
    await sleep(250);
    expect(lag.p99Ms()).toBeGreaterThanOrEqual(0);
    expect(lag.p99Ms()).toBeLessThan(100);
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
    await sleep(700);
    expect(lag.p99Ms()).toBeLessThan(100);
  });
});
