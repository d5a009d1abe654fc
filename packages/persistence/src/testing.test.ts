import { expect, it } from 'vitest';
import { canary, describeEachBackend, POLICY, recordCanaryRun, sample, T0 } from './testing.ts';

describeEachBackend('@lukhas/persistence/testing', (backend) => {
  it('records a whole canary run: started, a metric per sample, the decision', async () => {
    const { store, close } = await backend.openStore();
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

  it('records a ladder among the samples: step, paused, resumed, with the traffic and promotions', async () => {
    const { store, close } = await backend.openStore();
    const steps = [{ setWeight: 10 }, { pause: {} }, { setWeight: 100 }];
    const running = canary('canary_2', 'matriz-v3', T0, {
      policy: { ...POLICY, steps },
      traffic: { weight: 0, stepIndex: 0, stepCount: 3, promotions: [] },
    });
    const samples = [1, 2].map((seq) =>
      sample(running, seq, T0 + seq * 30_000, { latency: 300, errorRate: 0 }),
    );
    const decided = await recordCanaryRun(store, {
      canary: running,
      samples,
      ladder: [
        { at: T0, kind: 'step', weight: 10, stepIndex: 1 },
        { at: T0, kind: 'paused', stepIndex: 1 },
        { at: T0 + 60_000, kind: 'resumed', operator: 'bob' },
        { at: T0 + 60_000, kind: 'step', weight: 100, stepIndex: 3 },
      ],
      decision: {
        at: T0 + 60_000,
        summary: { outcome: 'promote', rule: 'steps_completed', reason: 'all 3 steps completed' },
      },
    });
    expect(decided).toMatchObject({
      status: 'promoted',
      traffic: {
        weight: 100,
        stepIndex: 3,
        promotions: [{ at: '2025-10-03T14:21:00.000Z', full: false, operator: 'bob' }],
      },
    });
    expect(await store.getCanary('canary_2')).toEqual(decided);
    const events = await store.eventsAfter({ afterId: 0, selection: { all: true } });
    expect(events.map((event) => event.type)).toEqual([
      'started',
      'step',
      'paused',
      'metric',
      'metric',
      'resumed',
      'step',
      'promoted',
    ]);
    await close();
  });
});
