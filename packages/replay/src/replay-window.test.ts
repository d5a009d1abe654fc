import { isDomainError, type SloPolicy } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import {
  at,
  LOOSE,
  recordCanary,
  repeat,
  replayRecorded,
  STRICT,
  T0,
  WINDOW,
} from '../test/replay-fixtures.ts';
import { isReplayError } from './replay-error.ts';
import { replayWindow } from './replay-window.ts';

const modelId = 'matriz-v3';

describe('replayWindow', () => {
  it('a rollback at sample 2 under a strict policy would have promoted at the window end under a looser one', () => {
    const recorded = recordCanary({
      canaryId: 'canary_strict',
      policy: STRICT,
      readings: [{ latency: 400 }, { latency: 600 }, ...repeat(8)],
    });
    expect(recorded.canary.decision?.rule).toBe('breach_limit');
    expect(recorded.samples).toHaveLength(2);

    const { result, canary } = replayRecorded(recorded, LOOSE);
    expect(canary.actual).toMatchObject({
      state: 'rolled_back',
      outcome: 'rollback',
      rule: 'breach_limit',
      decidedAt: at(60),
    });
    expect(canary.counterfactual).toMatchObject({
      state: 'promoted',
      outcome: 'promote',
      rule: 'window_elapsed',
      decidedAt: at(300),
      evaluatedUntil: at(300),
    });
    expect(canary.difference).toEqual({
      kind: 'would_have_promoted',
      seconds: null,
      summary: 'would have promoted',
    });
    expect(canary.counterfactual.math.counts).toMatchObject({ samples: 2, real: 2, breaches: 0 });
    expect(canary.caveats).toEqual([
      `sampling stopped at the actual decision (${at(60)}): the counterfactual judges the 2 samples recorded until then; what later samples would have read is unknown`,
    ]);
    expect(result.totals).toMatchObject({ canaries: 1, samples: 2, changed: 1, wouldHavePromoted: 1 });
  });

  it('an early rollback whose recording is too short for the looser minSamples rolls back later instead', () => {
    const recorded = recordCanary({
      canaryId: 'canary_strict',
      policy: STRICT,
      readings: [{}, { latency: 600 }],
    });
    const { canary } = replayRecorded(recorded, { ...LOOSE, minSamples: 3 });
    expect(canary.counterfactual).toMatchObject({ rule: 'insufficient_data', decidedAt: at(300) });
    expect(canary.difference).toEqual({
      kind: 'later',
      seconds: 240,
      summary: 'would have decided later by 240s',
    });
  });

  it('a promotion under a loose policy would have rolled back at the first breaching sample under a strict one', () => {
    const readings = [{ latency: 300 }, { latency: 450 }, { latency: 700 }, ...repeat(7)];
    const recorded = recordCanary({ canaryId: 'canary_loose', policy: LOOSE, readings });
    expect(recorded.canary.decision).toMatchObject({ outcome: 'promote', rule: 'window_elapsed' });

    const { canary } = replayRecorded(recorded, STRICT);
    expect(canary.actual).toMatchObject({ state: 'promoted', decidedAt: at(300) });
    expect(canary.counterfactual).toMatchObject({
      state: 'rolled_back',
      rule: 'breach_limit',
      decidedAt: at(90),
      reason: 'sample 3: 1 breaching sample exceeds failureLimit 0 (latency_p95_ms 700 > 500)',
    });
    expect(canary.counterfactual.math.decidingSample).toBe(3);
    expect(canary.difference.kind).toBe('would_have_rolled_back');
    expect(canary.caveats).toEqual([]);
    expect(canary.samples.map((sample) => [sample.breachedActual, sample.breachedCounterfactual])).toEqual([
      [false, false],
      [false, false],
      [false, true],
      ...repeat(7).map(() => [false, false]),
    ]);
  });

  it('replayed under its own policy, a canary gets the same decision, with no caveat', () => {
    const promoted = recordCanary({ canaryId: 'canary_a', policy: LOOSE, readings: repeat(10) });
    const rolledBack = recordCanary({
      canaryId: 'canary_b',
      policy: LOOSE,
      startedAt: T0 + 600_000,
      readings: [{ errorRate: 0.05 }, {}, { errorRate: 0.03 }],
    });
    const result = replayWindow({
      modelId,
      canaries: [rolledBack.canary, promoted.canary],
      samples: [...rolledBack.samples, ...promoted.samples],
      policy: LOOSE,
      window: WINDOW,
    });
    expect(
      result.canaries.map((canary) => [canary.canaryId, canary.difference.kind, canary.caveats]),
    ).toEqual([
      ['canary_a', 'same', []],
      ['canary_b', 'same', []],
    ]);
    expect(result.totals).toMatchObject({ canaries: 2, samples: 13, same: 2, changed: 0 });
  });

  it('same outcome, earlier: a rollback at sample 5 under the loose policy happens at sample 1 under the strict one', () => {
    const readings = [{ latency: 600 }, {}, { latency: 900 }, {}, { latency: 900 }];
    const recorded = recordCanary({ canaryId: 'canary_c', policy: LOOSE, readings });
    expect(recorded.canary.decidedAt).toBe(at(150));
    const { canary } = replayRecorded(recorded, STRICT);
    expect(canary.difference).toEqual({
      kind: 'earlier',
      seconds: -120,
      summary: 'would have decided earlier by 120s',
    });
  });

  describe('an operator abort', () => {
    const recorded = recordCanary({
      canaryId: 'canary_aborted',
      policy: LOOSE,
      readings: [{}, { latency: 600 }, {}, ...repeat(7)],
      abort: { at: T0 + 100_000, reason: 'manual override' },
    });

    it('is shown as the actual decision; the counterfactual judges the SLO data only', () => {
      expect(recorded.samples).toHaveLength(3);
      const { canary } = replayRecorded(recorded, LOOSE);
      expect(canary.actual).toMatchObject({ rule: 'abort', reason: 'manual override', decidedAt: at(100) });
      expect(canary.counterfactual).toMatchObject({ rule: 'window_elapsed', decidedAt: at(300) });
      expect(canary.difference.kind).toBe('would_have_promoted');
      expect(canary.caveats[0]).toBe(
        'the actual decision was an operator abort (manual override); a replay judges the SLO data only, so the counterfactual ignores the abort',
      );
      expect(canary.caveats[1]).toMatch(/^sampling stopped at the actual decision/);
    });

    it('a stricter policy would have rolled back before the operator did', () => {
      const { canary } = replayRecorded(recorded, STRICT);
      expect(canary.counterfactual).toMatchObject({ rule: 'breach_limit', decidedAt: at(60) });
      expect(canary.difference).toEqual({
        kind: 'earlier',
        seconds: -40,
        summary: 'would have decided earlier by 40s',
      });
      expect(canary.caveats).toHaveLength(1);
    });
  });

  describe('fallback samples', () => {
    const readings = [{}, { latency: null, reason: 'prometheus unreachable: ECONNREFUSED' }, ...repeat(8)];
    const recorded = recordCanary({ canaryId: 'canary_fallback', policy: LOOSE, readings });

    it('stay fallbacks: judged at the conservative value under the new targets', () => {
      expect(recorded.canary.decision?.outcome).toBe('promote');
      const { canary } = replayRecorded(recorded, STRICT);
      expect(canary.samples[1]).toMatchObject({
        observed: { latency_p95_ms: null },
        breachedActual: true,
        breachedCounterfactual: true,
        fallbackCounterfactual: true,
      });
      expect(canary.counterfactual).toMatchObject({
        rule: 'breach_limit',
        decidedAt: at(60),
        reason:
          'sample 2: 1 breaching sample exceeds failureLimit 0 (latency_p95_ms 9999 > 500; latency_p95_ms fallback: prometheus unreachable: ECONNREFUSED)',
      });
    });

    it('do not count as real samples for minSamples', () => {
      const { canary } = replayRecorded(recorded, { ...LOOSE, minSamples: 10 });
      expect(canary.counterfactual).toMatchObject({ rule: 'insufficient_data', decidedAt: at(300) });
      expect(canary.counterfactual.math.counts).toMatchObject({ real: 9, fallback: 1 });
    });
  });

  describe('a target on a metric the canary never recorded', () => {
    const recorded = recordCanary({ canaryId: 'canary_nodrift', policy: LOOSE, readings: repeat(10) });
    const withDrift: SloPolicy = { ...LOOSE, targets: { ...LOOSE.targets, max_drift: 0.1 } };

    it('is not judged, and the report says so', () => {
      expect(recorded.samples[0]?.observed.drift).toBeNull();
      const { canary } = replayRecorded(recorded, withDrift);
      expect(canary.unjudgedTargets).toEqual(['max_drift']);
      expect(canary.difference.kind).toBe('same');
      expect(canary.caveats).toEqual([
        'max_drift not judged: the metric was not recorded (its policy did not target it)',
      ]);
    });

    it('is judged when the canary recorded it, and a missing drift then is a fallback', () => {
      const drifting = recordCanary({
        canaryId: 'canary_drift',
        policy: withDrift,
        readings: [
          { drift: 0.05 },
          { drift: null, reason: 'no drift query configured (PROM_QUERY_DRIFT)' },
          ...repeat(8),
        ],
      });
      const { canary } = replayRecorded(drifting, { ...withDrift, failureLimit: 0 });
      expect(canary.unjudgedTargets).toEqual([]);
      expect(canary.counterfactual).toMatchObject({ rule: 'breach_limit', decidedAt: at(60) });
    });
  });

  describe('windows', () => {
    it('ignores samples outside [from, to] and of other models, and flags a canary that started before from', () => {
      const early = recordCanary({
        canaryId: 'canary_early',
        policy: LOOSE,
        startedAt: T0 - 120_000,
        readings: repeat(10),
      });
      const other = recordCanary({
        canaryId: 'canary_other',
        modelId: 'other-model',
        policy: LOOSE,
        readings: repeat(10),
      });
      const result = replayWindow({
        modelId,
        canaries: [early.canary, other.canary],
        samples: [...early.samples, ...other.samples],
        policy: LOOSE,
        window: WINDOW,
      });
      const [canary] = result.canaries;
      expect(result.canaries).toHaveLength(1);
      expect(canary?.samples.map((sample) => sample.seq)).toEqual([4, 5, 6, 7, 8, 9, 10]);
      expect(canary?.caveats[0]).toBe(
        `started at ${at(-120)}, before the replay window (from ${at(0)}): its earlier samples are not replayed`,
      );
      expect(result.totals).toMatchObject({ samples: 7, samplesIgnored: 13 });
    });

    it('a canary whose window runs past `to` is undecided unless a sample decides it', () => {
      const late = recordCanary({
        canaryId: 'canary_late',
        policy: LOOSE,
        startedAt: T0 + 3_480_000,
        readings: repeat(10),
      });
      const { canary } = replayRecorded(late, LOOSE);
      expect(canary.samples).toHaveLength(4);
      expect(canary.counterfactual).toMatchObject({ state: 'undecided', evaluatedUntil: at(3600) });
      expect(canary.difference).toEqual({
        kind: 'undecided',
        seconds: null,
        summary: 'undecided (not enough recorded data)',
      });
      expect(canary.caveats).toContain(
        `the replay policy's window ends at ${at(3780)}, after the recorded data (${at(3600)}, the end of the replay window): not enough recorded data to decide`,
      );
    });

    it('a longer policy window than was recorded leaves the counterfactual undecided', () => {
      const short = recordCanary({
        canaryId: 'canary_short',
        policy: { ...LOOSE, windowSeconds: 120 },
        readings: repeat(4),
      });
      expect(short.canary.decidedAt).toBe(at(120));
      const { canary } = replayRecorded(short, { ...LOOSE, windowSeconds: 600 });
      expect(canary.counterfactual).toMatchObject({ state: 'undecided', evaluatedUntil: at(120) });
      expect(canary.caveats).toEqual([
        `the replay policy's window ends at ${at(600)}, after the recorded data (${at(120)}, the canary's own window end): not enough recorded data to decide`,
      ]);
    });

    it('a shorter policy window decides at its own end and ignores the samples after it', () => {
      const recorded = recordCanary({ canaryId: 'canary_long', policy: LOOSE, readings: repeat(10) });
      const { canary } = replayRecorded(recorded, { ...LOOSE, windowSeconds: 120 });
      expect(canary.counterfactual).toMatchObject({ rule: 'window_elapsed', decidedAt: at(120) });
      expect(canary.counterfactual.math.counts).toMatchObject({ samples: 4, ignored: 6 });
      expect(canary.difference.summary).toBe('would have decided earlier by 180s');
    });

    it('keeps recorded sample times when the policy samples at another interval, and says so', () => {
      const recorded = recordCanary({ canaryId: 'canary_interval', policy: LOOSE, readings: repeat(10) });
      const { canary } = replayRecorded(recorded, { ...LOOSE, intervalSeconds: 10, minSamples: 10 });
      expect(canary.counterfactual).toMatchObject({ rule: 'window_elapsed', decidedAt: at(300) });
      expect(canary.caveats).toEqual([
        'the canary was sampled every 30s, the replay policy says every 10s: samples keep their recorded times (a replay cannot take samples that were never taken)',
      ]);
    });

    it('a still-running canary compares as "would have" once the replay policy decides', () => {
      const running = recordCanary({
        canaryId: 'canary_running',
        policy: LOOSE,
        readings: [{}, { latency: 900 }],
      });
      expect(running.canary.status).toBe('running');
      const { canary } = replayRecorded(running, STRICT);
      expect(canary.actual).toMatchObject({ state: 'running', decidedAt: null });
      expect(canary.difference.kind).toBe('would_have_rolled_back');
    });
  });

  it('reports samples without a canary record and canaries without samples as skipped', () => {
    const kept = recordCanary({ canaryId: 'canary_kept', policy: LOOSE, readings: repeat(10) });
    const orphan = recordCanary({ canaryId: 'canary_gone', policy: LOOSE, readings: repeat(3) });
    const empty = recordCanary({
      canaryId: 'canary_empty',
      policy: LOOSE,
      readings: [],
      abort: { at: T0 + 5_000, reason: 'oops' },
    });
    const result = replayWindow({
      modelId,
      canaries: [kept.canary, empty.canary],
      samples: [...kept.samples, ...orphan.samples],
      policy: LOOSE,
      window: WINDOW,
    });
    expect(result.skipped).toEqual([
      { canaryId: 'canary_empty', samples: 0, reason: 'no samples in the replay window' },
      { canaryId: 'canary_gone', samples: 3, reason: 'no canary record for these samples' },
    ]);
    expect(result.totals).toMatchObject({ canaries: 1, samples: 10, samplesIgnored: 3 });
  });

  it('flags a decision its own policy does not reproduce from the samples in the window', () => {
    const recorded = recordCanary({
      canaryId: 'canary_partial',
      policy: STRICT,
      readings: [{}, { latency: 600 }],
    });
    const { canary } = replayRecorded({ ...recorded, samples: recorded.samples.slice(0, 1) }, STRICT);
    expect(canary.caveats.at(-1)).toBe(
      `decided under its own recorded policy, the samples in the window give rollback (insufficient_data) at ${at(300)}, not the recorded rollback (breach_limit) at ${at(60)}: the comparison is on partial data`,
    );
  });

  it('accepts the policy in any spelling parseSloPolicy accepts and rejects a bad one as INVALID_POLICY', () => {
    const recorded = recordCanary({ canaryId: 'canary_x', policy: LOOSE, readings: repeat(10) });
    const flat = {
      windowSeconds: 300,
      failureLimit: 1,
      minSamples: 2,
      latency_p95_ms: 800,
      error_rate: 0.02,
    };
    expect(replayRecorded(recorded, flat).result.policy).toEqual(LOOSE);
    const bad = { ...LOOSE, targets: { max_error_rate: 2 } };
    expect(() => replayRecorded(recorded, bad)).toThrowError(
      expect.objectContaining({ code: 'INVALID_POLICY' }),
    );
    try {
      replayRecorded(recorded, bad);
    } catch (error) {
      expect(isDomainError(error, 'INVALID_POLICY')).toBe(true);
    }
  });

  it('rejects a window that ends before it starts or has no zone, as INVALID_WINDOW', () => {
    const input = { modelId, canaries: [], samples: [], policy: LOOSE };
    for (const window of [
      { from: WINDOW.to, to: WINDOW.from },
      { from: '2025-09-28T14:00:00', to: WINDOW.to },
      { from: Number.NaN, to: T0 },
    ]) {
      expect(() => replayWindow({ ...input, window })).toThrow(
        expect.objectContaining({ name: 'ReplayError', code: 'INVALID_WINDOW' }),
      );
    }
    try {
      replayWindow({ ...input, window: { from: 'yesterday', to: WINDOW.to } });
    } catch (error) {
      expect(isReplayError(error, 'INVALID_WINDOW')).toBe(true);
    }
  });

  it('gives the same result whatever the order of its input', () => {
    const a = recordCanary({ canaryId: 'canary_a', policy: STRICT, readings: repeat(10, { latency: 450 }) });
    const b = recordCanary({
      canaryId: 'canary_b',
      policy: STRICT,
      startedAt: T0 + 900_000,
      readings: [{}, { latency: 600 }],
    });
    const c = recordCanary({
      canaryId: 'canary_c',
      policy: STRICT,
      startedAt: T0 + 900_000,
      readings: repeat(10),
    });
    const samples = [...a.samples, ...b.samples, ...c.samples];
    const forward = replayWindow({
      modelId,
      canaries: [a.canary, b.canary, c.canary],
      samples,
      policy: LOOSE,
      window: WINDOW,
    });
    const backward = replayWindow({
      modelId,
      canaries: [c.canary, b.canary, a.canary],
      samples: [...samples].reverse(),
      policy: LOOSE,
      window: { from: T0, to: T0 + 3_600_000 },
    });
    expect(backward).toEqual(forward);
    expect(forward.canaries.map((canary) => canary.canaryId)).toEqual(['canary_a', 'canary_b', 'canary_c']);
    // As the store hands them over: in time order, the canaries' samples interleaved.
    const asStored = replayWindow({
      modelId,
      canaries: [b.canary, a.canary, c.canary],
      samples: [...samples].sort((x, y) => x.at - y.at),
      policy: LOOSE,
      window: WINDOW,
    });
    expect(asStored).toEqual(forward);
  });
});
