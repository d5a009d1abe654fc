import { describe, expect, it } from 'vitest';
import { canary, memoryStore, recordCanaryRun, sample, T0 } from './testing.ts';

describe('@lukhas/persistence/testing', () => {
  it('records a whole canary run: started, a metric per sample, the decision', async () => {
    const { store, close } = await memoryStore();
    const running = canary('canary_1', 'matriz-v3', T0);
    const samples = [300, 900].map((latency, index) =>
      sample(running, index + 1, T0 + (index + 1) * 30_000, { latency, errorRate: 0.001 }),
    );
    expect(samples.map((taken) => taken.breached)).toEqual([false, true]); // p95 target 800
    const decided = await recordCanaryRun(store, {
      canary: running,
      samples,
      decision: {
        at: T0 + 60_000,
        summary: { outcome: 'rollback', rule: 'breach_limit', reason: 'latency_p95_ms 900 > 800' },
      },
    });
    expect(decided).toMatchObject({ status: 'rolled_back', decidedAt: '2025-10-03T14:21:00.000Z' });
    expect(await store.getCanary('canary_1')).toEqual(decided);
    expect((await store.samplesOf('canary_1')).map((taken) => taken.seq)).toEqual([1, 2]);
    const events = await store.eventsAfter({ afterId: 0, selection: { all: true } });
    expect(events.map((event) => event.type)).toEqual(['started', 'metric', 'metric', 'rolled_back']);
    await close();
  });
});
