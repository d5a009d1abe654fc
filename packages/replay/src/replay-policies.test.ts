import { isDomainError } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { LOOSE, recordCanary, repeat, STRICT, WINDOW } from '../test/replay-fixtures.ts';
import { isReplayError } from './replay-error.ts';
import { replayPoliciesFromSource } from './replay-policies.ts';
import type { ReplayQuery, ReplaySource } from './replay-source.ts';

const recorded = recordCanary({
  canaryId: 'canary_a',
  policy: STRICT,
  readings: [{ latency: 400 }, { latency: 600 }, ...repeat(8)],
});

// A source over fixed records that remembers what it was asked.
function recordingSource(): { source: ReplaySource; queries: ReplayQuery[] } {
  const queries: ReplayQuery[] = [];
  return {
    queries,
    source: {
      async load(query) {
        queries.push(query);
        return { source: 'store', canaries: [recorded.canary], samples: recorded.samples };
      },
    },
  };
}

describe('replayPoliciesFromSource', () => {
  it('loads and replays once per policy, each with its own parsed policy', async () => {
    const { source, queries } = recordingSource();
    const comparison = await replayPoliciesFromSource({
      source,
      modelId: 'matriz-v3',
      policies: [
        { name: 'loose.json', policy: LOOSE },
        { name: 'strict.json', policy: { latency_p95_ms: 500, error_rate: 0.01 } },
      ],
      window: WINDOW,
    });
    expect(queries.map((query) => query.policy.targets)).toEqual([
      LOOSE.targets,
      { latency_p95_ms: 500, max_error_rate: 0.01 },
    ]);
    expect(comparison.canaries[0]?.decisions.map((decision) => decision.state)).toEqual([
      'promoted',
      'rolled_back',
    ]);
  });

  it('rejects a bad policy before touching the source, naming it and its field', async () => {
    const { source, queries } = recordingSource();
    const replay = replayPoliciesFromSource({
      source,
      modelId: 'matriz-v3',
      policies: [
        { name: 'loose.json', policy: LOOSE },
        { name: 'broken.json', policy: { ...LOOSE, windowSeconds: -1 } },
      ],
      window: WINDOW,
    });
    await expect(replay).rejects.toSatisfy(
      (error) =>
        isDomainError(error, 'INVALID_POLICY') &&
        error.message.startsWith('broken.json: invalid SLO policy') &&
        error.message.includes('windowSeconds'),
    );
    expect(queries).toEqual([]);
  });

  it('rejects a policy named twice, and none at all, as INVALID_POLICIES', async () => {
    const { source } = recordingSource();
    const twice = replayPoliciesFromSource({
      source,
      modelId: 'matriz-v3',
      policies: [
        { name: 'loose.json', policy: LOOSE },
        { name: 'loose.json', policy: LOOSE },
      ],
      window: WINDOW,
    });
    await expect(twice).rejects.toSatisfy(
      (error) =>
        isReplayError(error, 'INVALID_POLICIES') && error.message === 'policy loose.json is given twice',
    );
    const none = replayPoliciesFromSource({ source, modelId: 'matriz-v3', policies: [], window: WINDOW });
    await expect(none).rejects.toSatisfy((error) => isReplayError(error, 'INVALID_POLICIES'));
  });
});
