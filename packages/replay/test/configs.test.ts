/**
 * The shipped policies at the repository root (configs/) parse with core's parseSloPolicy, and
 * replay as their README says.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSloPolicy } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { replayWindow } from '../src/replay-window.ts';
import { at, recordCanary, repeat, WINDOW } from './replay-fixtures.ts';

const configs = new URL('../../../configs/', import.meta.url);
const readPolicy = (name: string): unknown => JSON.parse(readFileSync(new URL(name, configs), 'utf8'));

describe('configs/', () => {
  const prod = parseSloPolicy(readPolicy('slo-prod.json'));
  const strict = parseSloPolicy(readPolicy('slo-strict.json'));

  it('slo-prod.json and slo-strict.json parse with parseSloPolicy, written out in full (no default applied)', () => {
    expect(readPolicy('slo-prod.json')).toEqual(prod);
    expect(readPolicy('slo-strict.json')).toEqual(strict);
    expect(prod).toEqual({
      windowSeconds: 300,
      intervalSeconds: 30,
      failureLimit: 1,
      minSamples: 5,
      targets: { latency_p95_ms: 800, max_error_rate: 0.01, max_drift: 0.15 },
    });
  });

  it('slo-strict.json is at least as strict as slo-prod.json on every knob and target', () => {
    expect(strict.windowSeconds).toBeGreaterThanOrEqual(prod.windowSeconds);
    expect(strict.failureLimit).toBeLessThanOrEqual(prod.failureLimit);
    expect(strict.minSamples).toBeGreaterThanOrEqual(prod.minSamples);
    for (const key of ['latency_p95_ms', 'max_error_rate', 'max_drift'] as const) {
      expect(strict.targets[key]).toBeLessThan(prod.targets[key] ?? Number.POSITIVE_INFINITY);
    }
  });

  it('the README describes both files with their values', () => {
    const readme = readFileSync(fileURLToPath(new URL('README.md', configs)), 'utf8');
    for (const fragment of ['slo-prod.json', 'slo-strict.json', '800', '500', 'parseSloPolicy']) {
      expect(readme).toContain(fragment);
    }
  });

  describe('a replay between the two', () => {
    // Five healthy samples, then p95 600 ms: over strict's 500, under prod's 800.
    const readings = [
      ...repeat(5, { latency: 300, errorRate: 0.002, drift: 0.05 }),
      { latency: 600, drift: 0.05 },
      ...repeat(4),
    ];

    it('a rollback recorded under slo-strict would have promoted under slo-prod, at the window end', () => {
      const recorded = recordCanary({ canaryId: 'canary_strict', policy: strict, readings });
      expect(recorded.canary.decision).toMatchObject({ outcome: 'rollback', rule: 'breach_limit' });
      const [canary] = replayWindow({
        modelId: 'matriz-v3',
        ...recorded,
        canaries: [recorded.canary],
        policy: readPolicy('slo-prod.json'),
        window: WINDOW,
      }).canaries;
      expect(canary?.actual.decidedAt).toBe(at(180));
      expect(canary?.counterfactual).toMatchObject({ state: 'promoted', decidedAt: at(300) });
      expect(canary?.difference.summary).toBe('would have promoted');
    });

    it('a promotion recorded under slo-prod would have rolled back under slo-strict, at the breaching sample', () => {
      const recorded = recordCanary({ canaryId: 'canary_prod', policy: prod, readings });
      expect(recorded.canary.decision).toMatchObject({ outcome: 'promote', rule: 'window_elapsed' });
      const [canary] = replayWindow({
        modelId: 'matriz-v3',
        ...recorded,
        canaries: [recorded.canary],
        policy: readPolicy('slo-strict.json'),
        window: WINDOW,
      }).canaries;
      expect(canary?.actual.decidedAt).toBe(at(300));
      expect(canary?.counterfactual).toMatchObject({
        state: 'rolled_back',
        rule: 'breach_limit',
        decidedAt: at(180),
      });
      expect(canary?.difference.summary).toBe('would have rolled back');
    });
  });
});
