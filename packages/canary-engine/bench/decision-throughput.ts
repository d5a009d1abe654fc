/**
 * How fast the decision rule runs: `decideCanary` over growing prefixes of 10 to 100 judged
 * samples, as the engine calls it after every sample.
 */
import { type CanarySample, decideCanary, judgeSample, parseSloPolicy } from '@lukhas/core';

/** The figures measured. */
export interface DecisionThroughputResult {
  readonly prefixes: string;
  readonly decisions: number;
  readonly samplesJudged: number;
  readonly seconds: number;
  readonly decisionsPerSecond: number;
  readonly samplesPerSecond: number;
}

/** Calls `decideCanary` on prefixes of 10, 20, … 100 samples for about `seconds`. */
export function benchDecisionThroughput(seconds = 3): DecisionThroughputResult {
  const policy = parseSloPolicy({
    windowSeconds: 3000,
    intervalSeconds: 30,
    failureLimit: 3,
    minSamples: 3,
    targets: { latency_p95_ms: 500, max_error_rate: 0.01, max_drift: 0.2 },
  });
  const startedAt = Date.UTC(2025, 9, 3, 14, 20);
  const samples: CanarySample[] = Array.from({ length: 100 }, (_, index) =>
    judgeSample(
      {
        seq: index + 1,
        at: startedAt + (index + 1) * 30_000,
        reading: {
          values: {
            latency_p95_ms: 200 + (index % 7) * 10,
            error_rate: 0.002,
            drift: index % 13 === 0 ? null : 0.05,
          },
          reasons: {},
        },
      },
      policy.targets,
    ),
  );
  const prefixes = Array.from({ length: 10 }, (_, index) => samples.slice(0, (index + 1) * 10));
  let decisions = 0;
  let samplesJudged = 0;
  let sink = 0;
  const began = performance.now();
  const deadline = began + seconds * 1000;
  while (performance.now() < deadline) {
    for (const prefix of prefixes) {
      const last = prefix.at(-1);
      const verdict = decideCanary({ policy, startedAt, now: last?.at ?? startedAt, samples: prefix });
      sink += verdict.math.counts.samples;
      decisions += 1;
      samplesJudged += prefix.length;
    }
  }
  const elapsed = (performance.now() - began) / 1000;
  if (sink < 0) console.log(sink); // keeps the work observable
  return {
    prefixes: '10..100 samples',
    decisions,
    samplesJudged,
    seconds: Math.round(elapsed * 100) / 100,
    decisionsPerSecond: Math.round(decisions / elapsed),
    samplesPerSecond: Math.round(samplesJudged / elapsed),
  };
}
