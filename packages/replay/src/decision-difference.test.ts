import { describe, expect, it } from 'vitest';
import { decisionDifference, formatSeconds } from './decision-difference.ts';

const promote = (decidedAt: string) => ({ outcome: 'promote' as const, decidedAt });
const rollback = (decidedAt: string) => ({ outcome: 'rollback' as const, decidedAt });
const none = { outcome: null, decidedAt: null };

describe('decisionDifference', () => {
  it('is `same` for the same outcome at the same instant, whatever the spelling of the time', () => {
    expect(decisionDifference(promote('2025-09-28T14:05:00.000Z'), promote('2025-09-28T14:05:00Z'))).toEqual({
      kind: 'same',
      seconds: 0,
      summary: 'same',
    });
  });

  it('names the counterfactual outcome when the outcomes differ', () => {
    const t = '2025-09-28T14:05:00.000Z';
    expect(decisionDifference(rollback(t), promote(t)).summary).toBe('would have promoted');
    expect(decisionDifference(promote(t), rollback(t)).summary).toBe('would have rolled back');
  });

  it('says earlier or later by how many seconds when only the time differs', () => {
    expect(decisionDifference(rollback('2025-09-28T14:05:00Z'), rollback('2025-09-28T14:01:30Z'))).toEqual({
      kind: 'earlier',
      seconds: -210,
      summary: 'would have decided earlier by 210s',
    });
    expect(
      decisionDifference(rollback('2025-09-28T14:01:00Z'), rollback('2025-09-28T14:01:00.250Z')),
    ).toEqual({
      kind: 'later',
      seconds: 0.25,
      summary: 'would have decided later by 0.25s',
    });
  });

  it('compares an undecided actual canary by outcome only', () => {
    expect(decisionDifference(none, rollback('2025-09-28T14:01:00Z')).kind).toBe('would_have_rolled_back');
    expect(decisionDifference(none, promote('2025-09-28T14:05:00Z')).kind).toBe('would_have_promoted');
  });

  it('is `undecided` when the counterfactual has no decision', () => {
    expect(decisionDifference(promote('2025-09-28T14:05:00Z'), none)).toEqual({
      kind: 'undecided',
      seconds: null,
      summary: 'undecided (not enough recorded data)',
    });
  });
});

describe('formatSeconds', () => {
  it('prints whole seconds bare and fractions to the millisecond', () => {
    expect([formatSeconds(90), formatSeconds(0.5), formatSeconds(1 / 3)]).toEqual(['90s', '0.5s', '0.333s']);
  });
});
