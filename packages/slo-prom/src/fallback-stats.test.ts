import { describe, expect, it } from 'vitest';
import { createFallbackTracker, FALLBACK_KINDS } from './fallback-stats.ts';

describe('createFallbackTracker', () => {
  it('starts with every kind at zero, so /metrics has stable labels', () => {
    const stats = createFallbackTracker().stats();
    expect(Object.keys(stats.fallbacks)).toEqual([...FALLBACK_KINDS]);
    expect(Object.values(stats.fallbacks).every((count) => count === 0)).toBe(true);
    expect(stats).toMatchObject({ samples: 0, queries: 0, fallbackSince: null, lastFallback: null });
  });

  it('lets an aborted-only sample neither start nor end a fallback streak', () => {
    const tracker = createFallbackTracker();
    const sample = { modelId: 'm', gate: 'g', queries: 1 };
    const aborted = [{ metric: 'error_rate', kind: 'aborted', reason: 'sample aborted' }] as const;
    tracker.recordSample({ ...sample, at: 1, failures: aborted });
    expect(tracker.stats().fallbackSince).toBeNull();
    tracker.recordSample({
      ...sample,
      at: 2,
      failures: [{ metric: 'error_rate', kind: 'timeout', reason: 't' }],
    });
    tracker.recordSample({ ...sample, at: 3, failures: aborted });
    expect(tracker.stats().fallbackSince).toBe(2);
    tracker.recordSample({ ...sample, at: 4, failures: [] });
    expect(tracker.stats().fallbackSince).toBeNull();
  });

  it('returns a snapshot that later samples do not change', () => {
    const tracker = createFallbackTracker();
    const snapshot = tracker.stats();
    tracker.recordSample({
      modelId: 'm',
      gate: 'g',
      at: 1,
      queries: 1,
      failures: [{ metric: 'drift', kind: 'nan', reason: 'NaN' }],
    });
    expect(snapshot.fallbacks.nan).toBe(0);
    expect(tracker.stats().fallbacks.nan).toBe(1);
  });
});
