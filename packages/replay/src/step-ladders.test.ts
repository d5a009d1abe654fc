import type { StepsMath } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { at, T0 } from '../test/replay-fixtures.ts';
import { recordedPromotions, stepAt } from './step-ladders.ts';

const LADDER: StepsMath = {
  index: 3,
  count: 4,
  weight: 50,
  paused: true,
  timeline: [
    {
      index: 0,
      step: { setWeight: 10 },
      startedAt: at(0),
      endedAt: at(0),
      weight: 10,
      samples: 0,
      breaches: 0,
      endedBy: 'clock',
    },
    {
      index: 1,
      step: { pause: { seconds: 60 } },
      startedAt: at(0),
      endedAt: at(60),
      weight: 10,
      samples: 2,
      breaches: 0,
      endedBy: 'clock',
    },
    {
      index: 2,
      step: { setWeight: 50 },
      startedAt: at(60),
      endedAt: at(60),
      weight: 50,
      samples: 0,
      breaches: 0,
      endedBy: 'clock',
    },
    {
      index: 3,
      step: { pause: {} },
      startedAt: at(60),
      endedAt: null,
      weight: 50,
      samples: 1,
      breaches: 0,
      endedBy: null,
    },
  ],
};

describe('stepAt', () => {
  it('places a sample in the step that began before it and had not ended before it', () => {
    expect(stepAt(LADDER, T0)).toBeNull();
    expect(stepAt(LADDER, T0 + 30_000)).toEqual({ index: 1, weight: 10 });
    // A sample at the pause's end still belongs to the pause (it is judged with it).
    expect(stepAt(LADDER, T0 + 60_000)).toEqual({ index: 1, weight: 10 });
    expect(stepAt(LADDER, T0 + 90_000)).toEqual({ index: 3, weight: 50 });
    expect(stepAt(LADDER, T0 + 900_000)).toEqual({ index: 3, weight: 50 });
    expect(stepAt(null, T0 + 30_000)).toBeNull();
  });
});

describe('recordedPromotions', () => {
  it('reads the stored promotions in time order, and none without a ladder', () => {
    const traffic = {
      weight: 50,
      stepIndex: 3,
      stepCount: 5,
      promotions: [
        { at: at(200), full: true, operator: 'carol' },
        { at: at(100), full: false, operator: 'bob' },
      ],
    };
    expect(recordedPromotions({ traffic } as never)).toEqual([
      { at: T0 + 100_000, full: false },
      { at: T0 + 200_000, full: true },
    ]);
    expect(recordedPromotions({ traffic: null } as never)).toEqual([]);
  });
});
