import type { SloPolicy } from '@lukhas/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Reading, recordCanary, T0, WINDOW } from '../test/replay-fixtures.ts';
import { renderReplayHtml } from './render-replay-html.ts';
import { renderReplayJson } from './render-replay-json.ts';
import { replayWindow } from './replay-window.ts';

// Every tag the renderer writes; anything else after a `<` came from a recorded string.
const STRAY_TAG =
  /<(?!\/?(?:!doctype|html|head|meta|title|style|body|h1|h2|h3|p|code|dl|div|dt|dd|table|tr|th|td|a|ul|li|section|small|span|b|i|details|summary|svg|rect|text|line|path|circle|polygon|footer)[\s>/])/gi;

const hostile = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '&amp;<b>',
  'matriz-v3',
);
const text = fc.oneof(hostile, fc.string({ maxLength: 12 }));

const policy: fc.Arbitrary<SloPolicy> = fc
  .record({
    windowSeconds: fc.constantFrom(60, 120, 300, 600),
    failureLimit: fc.integer({ min: 0, max: 2 }),
    minSamples: fc.integer({ min: 0, max: 2 }),
    latency: fc.option(fc.integer({ min: 100, max: 1200 }), { nil: undefined }),
    errorRate: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
    drift: fc.option(fc.double({ min: 0.01, max: 0.5, noNaN: true }), { nil: undefined }),
  })
  .map(({ windowSeconds, failureLimit, minSamples, latency, errorRate, drift }) => ({
    windowSeconds,
    intervalSeconds: 30,
    failureLimit,
    minSamples,
    targets: {
      ...(latency === undefined ? {} : { latency_p95_ms: latency }),
      max_error_rate: errorRate,
      ...(drift === undefined ? {} : { max_drift: drift }),
    },
  }));

const reading: fc.Arbitrary<Reading> = fc.record({
  latency: fc.option(fc.double({ min: 0, max: 1500, noNaN: true }), { nil: null }),
  errorRate: fc.option(fc.double({ min: 0, max: 0.08, noNaN: true }), { nil: null }),
  drift: fc.option(fc.double({ min: 0, max: 0.6, noNaN: true }), { nil: null }),
  reason: text,
});

const canary = fc.record({
  canaryId: text,
  policy,
  startOffsetSeconds: fc.integer({ min: -300, max: 3600 }),
  readings: fc.array(reading, { maxLength: 24 }),
  abortAfterSeconds: fc.option(fc.integer({ min: 1, max: 700 }), { nil: undefined }),
  abortReason: text,
});

const scenario = fc.record({
  modelId: text,
  replayPolicy: policy,
  canaries: fc.uniqueArray(canary, { maxLength: 4, selector: (item) => item.canaryId }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer Value> ? Value : never;

function record(input: Scenario) {
  const recorded = input.canaries.map((spec) => {
    const startedAt = T0 + spec.startOffsetSeconds * 1000;
    return recordCanary({
      canaryId: spec.canaryId,
      modelId: input.modelId,
      policy: spec.policy,
      startedAt,
      readings: spec.readings,
      ...(spec.abortAfterSeconds === undefined
        ? {}
        : { abort: { at: startedAt + spec.abortAfterSeconds * 1000, reason: spec.abortReason } }),
    });
  });
  return {
    modelId: input.modelId,
    canaries: recorded.map((item) => item.canary),
    samples: recorded.flatMap((item) => item.samples),
  };
}

describe('replay properties', () => {
  it('same input, byte-identical JSON and HTML; nothing recorded escapes into markup', () => {
    fc.assert(
      fc.property(scenario, text, (input, title) => {
        const data = record(input);
        const first = replayWindow({ ...data, policy: input.replayPolicy, window: WINDOW });
        const second = replayWindow({ ...data, policy: input.replayPolicy, window: WINDOW });
        const html = renderReplayHtml(first, { title });
        expect(renderReplayHtml(second, { title })).toBe(html);
        expect(renderReplayHtml(JSON.parse(renderReplayJson(first)), { title })).toBe(html);
        expect(renderReplayJson(second)).toBe(renderReplayJson(first));
        expect(html.match(STRAY_TAG)).toBeNull();
        expect(html).not.toMatch(/<[^>]* on[a-z]+=/i);
        expect(html.match(/<section class="canary"/g)?.length ?? 0).toBe(first.canaries.length);
      }),
      { numRuns: 150 },
    );
  });

  it('replayed under its own policy, every decided canary that was not aborted gets the same decision', () => {
    fc.assert(
      fc.property(policy, fc.array(reading, { minLength: 1, maxLength: 24 }), (own, readings) => {
        const recorded = recordCanary({ canaryId: 'canary_own', policy: own, readings });
        fc.pre(recorded.canary.decision !== null);
        const result = replayWindow({
          modelId: 'matriz-v3',
          canaries: [recorded.canary],
          samples: recorded.samples,
          policy: own,
          window: WINDOW,
        });
        const replayed = result.canaries[0];
        if (recorded.samples.length === 0) return;
        expect(replayed?.difference.kind).toBe('same');
        expect(replayed?.caveats).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('totals add up', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const data = record(input);
        const { totals, canaries } = replayWindow({ ...data, policy: input.replayPolicy, window: WINDOW });
        expect(totals.canaries).toBe(canaries.length);
        expect(totals.same + totals.changed + totals.undecided).toBe(totals.canaries);
        expect(totals.samples + totals.samplesIgnored).toBe(data.samples.length);
      }),
      { numRuns: 100 },
    );
  });
});
