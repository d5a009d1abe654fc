import type { SloPolicy } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { at, recordCanary, repeat, replayRecorded, STRICT, T0 } from '../test/replay-fixtures.ts';
import { renderReplayHtml } from './render-replay-html.ts';
import { renderReplayJson } from './render-replay-json.ts';

// 10 % at once, 60 s at 10 %, then 50 % until a person promotes, then 100 %.
const LADDER: SloPolicy = {
  ...STRICT,
  minSamples: 1,
  steps: [
    { setWeight: 10 },
    { pause: { seconds: 60 } },
    { setWeight: 50 },
    { pause: {} },
    { setWeight: 100 },
  ],
};
const PROMOTED_AT = T0 + 150_000;

/** The ladder canary, promoted by bob at 14:02:30 (steps_completed), with its five samples. */
function recordedLadder(readings = repeat(10)) {
  return recordCanary({
    canaryId: 'canary_ladder',
    policy: LADDER,
    readings,
    promotions: [{ at: PROMOTED_AT, operator: 'bob' }],
  });
}

const PROMOTION_TAKEN =
  "the counterfactual takes the operators' promotions at their recorded times (2025-09-28T14:02:30.000Z by bob) at the replay policy's pause: {} steps: a replay cannot tell when, or whether, a person shown that ladder would have promoted";

describe('replaying a canary with steps', () => {
  it('walks the recorded ladder with its promotion, and places each sample in its step', () => {
    const recorded = recordedLadder();
    expect(recorded.canary).toMatchObject({ status: 'promoted', decision: { rule: 'steps_completed' } });
    const { canary } = replayRecorded(recorded, { ...LADDER, targets: { latency_p95_ms: 800 } });
    expect(canary.actual).toMatchObject({ state: 'promoted', rule: 'steps_completed', decidedAt: at(150) });
    expect(canary.counterfactual).toMatchObject({
      state: 'promoted',
      rule: 'steps_completed',
      decidedAt: at(150),
    });
    expect(canary.difference.kind).toBe('same');
    const recordedLadderSteps = canary.ladders?.recorded?.timeline.map((step) => [
      step.index,
      step.startedAt,
      step.endedAt,
      step.weight,
      step.samples,
      step.endedBy,
    ]);
    expect(recordedLadderSteps).toEqual([
      [0, at(0), at(0), 10, 0, 'clock'],
      [1, at(0), at(60), 10, 2, 'clock'],
      [2, at(60), at(60), 50, 0, 'clock'],
      [3, at(60), at(150), 50, 3, 'promoted'],
      [4, at(150), at(150), 100, 0, 'clock'],
    ]);
    expect(canary.ladders?.replay?.timeline).toEqual(canary.ladders?.recorded?.timeline);
    expect(canary.ladders?.promotions).toEqual([{ at: at(150), full: false, operator: 'bob' }]);
    expect(canary.samples.map((sample) => sample.steps)).toEqual([
      { recorded: { index: 1, weight: 10 }, replay: { index: 1, weight: 10 } },
      { recorded: { index: 1, weight: 10 }, replay: { index: 1, weight: 10 } },
      { recorded: { index: 3, weight: 50 }, replay: { index: 3, weight: 50 } },
      { recorded: { index: 3, weight: 50 }, replay: { index: 3, weight: 50 } },
      { recorded: { index: 3, weight: 50 }, replay: { index: 3, weight: 50 } },
    ]);
    // The promotion is a person's act, taken as recorded; under its own policy (with that
    // promotion) the recording gives its decision back, so no partial-data caveat.
    expect(canary.caveats).toEqual([PROMOTION_TAKEN]);
  });

  it('says which samples were read at another weight than the replay ladder would have set', () => {
    const faster: SloPolicy = {
      ...LADDER,
      steps: [{ setWeight: 50 }, { pause: { seconds: 30 } }, { pause: {} }, { setWeight: 100 }],
    };
    const { canary } = replayRecorded(recordedLadder(), faster);
    expect(canary.counterfactual).toMatchObject({ state: 'promoted', decidedAt: at(150) });
    expect(canary.samples.map((sample) => sample.steps?.replay)).toEqual([
      { index: 1, weight: 50 },
      { index: 2, weight: 50 },
      { index: 2, weight: 50 },
      { index: 2, weight: 50 },
      { index: 2, weight: 50 },
    ]);
    expect(canary.caveats).toEqual([
      PROMOTION_TAKEN,
      '2 of 5 samples were read while toGate carried another weight than the replay ladder would have given it (first: sample 1, 10% recorded, 50% under the replay policy): a replay re-judges what was read, and cannot tell how toGate would have behaved under other traffic',
    ]);
  });

  it('stays paused where the replay ladder waits for a promotion nobody recorded, and says so', () => {
    const twoGates: SloPolicy = {
      ...LADDER,
      steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }],
    };
    const { canary } = replayRecorded(recordedLadder(), twoGates);
    expect(canary.counterfactual).toMatchObject({
      state: 'rolled_back',
      rule: 'insufficient_data',
      decidedAt: at(300),
    });
    expect(canary.counterfactual.reason).toContain('paused waiting for promote_canary');
    expect(canary.ladders?.replay).toMatchObject({ index: 3, weight: 0 });
    expect(canary.caveats).toContain(
      `the replay policy waits for a person at step 4 of 5 (pause: {}, from ${at(150)}) and no recorded promotion comes after it: the counterfactual stays paused until its decision (insufficient_data at ${at(300)}); when, or whether, a person would have promoted is unknown`,
    );
    expect(canary.caveats).toContain(
      `sampling stopped at the actual decision (${at(150)}): the counterfactual judges the 5 samples recorded until then; what later samples would have read is unknown`,
    );
  });

  it('judges by the window alone under a policy without steps, and says what that leaves out', () => {
    const { canary } = replayRecorded(recordedLadder(), STRICT);
    expect(canary.counterfactual).toMatchObject({
      state: 'promoted',
      rule: 'window_elapsed',
      decidedAt: at(300),
    });
    expect(canary.ladders?.replay).toBeNull();
    expect(canary.samples[0]?.steps).toEqual({ recorded: { index: 1, weight: 10 }, replay: null });
    expect(canary.caveats).toContain(
      'the recorded canary waited for a person (promoted 2025-09-28T14:02:30.000Z by bob); the replay policy has no pause: {} step, so those promotions play no part in the counterfactual',
    );
    expect(canary.caveats).toContain(
      "the replay policy has no steps: the counterfactual judges the samples by its window alone, though they were read at the recorded ladder's weights (10% → 50% → 100%)",
    );
  });

  it('replays a canary run without steps under a ladder, saying its samples moved no traffic', () => {
    const recorded = recordCanary({ canaryId: 'canary_plain', policy: STRICT, readings: repeat(10) });
    const { canary } = replayRecorded(recorded, LADDER);
    expect(canary.ladders?.recorded).toBeNull();
    expect(canary.ladders?.replay?.paused).toBe(false);
    expect(canary.caveats).toContain(
      "the recorded canary had no steps (the cockpit moved no traffic for it): its samples are judged as if read at the replay ladder's weights, which a replay cannot check",
    );
    // No promotion was recorded: the replay ladder waits at its pause: {} until the window ends.
    expect(canary.counterfactual).toMatchObject({ rule: 'insufficient_data', decidedAt: at(300) });
  });

  it('ignores a traffic router failure, as it ignores an abort, and still reproduces the recording', () => {
    const ran = recordedLadder();
    const failedAt = T0 + 60_000;
    const recorded = {
      canary: {
        ...ran.canary,
        status: 'rolled_back' as const,
        decidedAt: at(60),
        decision: {
          outcome: 'rollback' as const,
          rule: 'router_failed' as const,
          reason: 'traffic router failed: HAProxy refused "set weight": No such server.',
        },
        traffic: ran.canary.traffic === null ? null : { ...ran.canary.traffic, weight: 0, promotions: [] },
      },
      samples: ran.samples.filter((sample) => sample.at <= failedAt),
    };
    const { canary } = replayRecorded(recorded, LADDER);
    expect(canary.actual).toMatchObject({ rule: 'router_failed', decidedAt: at(60) });
    expect(canary.counterfactual.rule).not.toBe('router_failed');
    expect(canary.caveats[0]).toBe(
      'the actual decision was a traffic router failure (traffic router failed: HAProxy refused "set weight": No such server.); a replay judges the SLO data only, so the counterfactual ignores it',
    );
    expect(canary.caveats.some((caveat) => caveat.includes('partial data'))).toBe(false);
  });

  it('shows both ladders and each sample step in the JSON and the HTML report', () => {
    const faster: SloPolicy = { ...LADDER, steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }] };
    const { result } = replayRecorded(recordedLadder(), faster);
    const json = JSON.parse(renderReplayJson(result));
    expect(json.canaries[0].ladders.recorded.timeline).toHaveLength(5);
    expect(json.canaries[0].ladders.replay.timeline).toHaveLength(3);
    expect(json.canaries[0].samples[0].steps).toEqual({
      recorded: { index: 1, weight: 10 },
      replay: { index: 1, weight: 50 },
    });
    const html = renderReplayHtml(result);
    expect(html).toContain(
      '<caption>Recorded ladder: 5 steps, every step done, 100% to toGate at the end</caption>',
    );
    expect(html).toContain(
      '<caption>Replay ladder: 3 steps, every step done, 100% to toGate at the end</caption>',
    );
    expect(html).toContain('<td>pause (waits for promote)</td>');
    expect(html).toContain('<td>promoted by bob</td>');
    expect(html).toContain('<th>recorded step</th><th>replay step</th>');
    expect(html).toContain('<td>2 @ 10%</td><td>2 @ 50%</td>');
    expect(html).toContain('steps: setWeight 50, pause (waits for promote), setWeight 100');
    // Same result, same bytes.
    expect(renderReplayHtml(result)).toBe(html);
  });
});
