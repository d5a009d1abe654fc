import { describe, expect, it } from 'vitest';
import { modelSummary } from './overview.js';

const canary = (id: string, status: string, createdAt: string, extra: object = {}) => ({
  canaryId: id,
  modelId: 'm',
  fromGate: 'stage',
  toGate: 'production',
  status,
  createdAt,
  ...extra,
});

describe('modelSummary', () => {
  it('reads the gate from the newest promoted canary, the running one, and the last decision', () => {
    const summary = modelSummary([
      canary('c1', 'promoted', '2026-01-01T00:00:00Z', { decidedAt: '2026-01-01T00:05:00Z' }),
      canary('c2', 'rolled_back', '2026-01-01T01:00:00Z', { decidedAt: '2026-01-01T01:01:00Z' }),
      canary('c3', 'paused', '2026-01-01T02:00:00Z'),
    ]);
    expect(summary.gate).toBe('production');
    expect(summary.running?.canaryId).toBe('c3');
    expect(summary.last?.canaryId).toBe('c2');
  });

  it('says a model never promoted holds the gate its first canary left from', () => {
    const summary = modelSummary([canary('c1', 'rolled_back', '2026-01-01T00:00:00Z')]);
    expect(summary.gate).toBe('stage');
    expect(summary.running).toBeUndefined();
  });
});
