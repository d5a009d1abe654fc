import { describe, expect, it } from 'vitest';
import {
  CANARY_CREATED_EVENT,
  CANARY_TRANSITIONS,
  type CanaryTransition,
  canaryEventFor,
  canaryTransitionFor,
  canTransitionCanary,
  isDecidedCanaryStatus,
  nextCanaryStatus,
} from './canary-state.ts';
import { type DomainErrorCode, isDomainError } from './errors.ts';
import type { CanaryStatus } from './records.ts';

const TRANSITIONS = Object.keys(CANARY_TRANSITIONS) as CanaryTransition[];

function codeOf(run: () => unknown): DomainErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('nextCanaryStatus', () => {
  it.each([
    ['sample', 'running'],
    ['promote', 'promoted'],
    ['roll_back', 'rolled_back'],
    ['abort', 'rolled_back'],
  ] as const)('running --%s--> %s', (transition, to) => {
    expect(nextCanaryStatus('running', transition)).toBe(to);
    expect(canTransitionCanary('running', transition)).toBe(true);
  });

  it('refuses every transition of a decided canary with CANARY_ALREADY_DECIDED', () => {
    for (const status of ['promoted', 'rolled_back'] as const) {
      for (const transition of TRANSITIONS) {
        expect(canTransitionCanary(status, transition)).toBe(false);
        expect(codeOf(() => nextCanaryStatus(status, transition))).toBe('CANARY_ALREADY_DECIDED');
      }
    }
  });

  it('says why when promoting a rolled-back canary', () => {
    expect(() => nextCanaryStatus('rolled_back', 'promote')).toThrow(
      'cannot promote canary in status "rolled_back": it is already decided',
    );
  });

  it('refuses a second decision and a sample after the decision', () => {
    const decided = nextCanaryStatus('running', 'roll_back');
    expect(codeOf(() => nextCanaryStatus(decided, 'roll_back'))).toBe('CANARY_ALREADY_DECIDED');
    expect(codeOf(() => nextCanaryStatus(decided, 'sample'))).toBe('CANARY_ALREADY_DECIDED');
  });

  it('reports ILLEGAL_CANARY_TRANSITION for names and statuses it does not know', () => {
    expect(codeOf(() => nextCanaryStatus('running', 'pause' as CanaryTransition))).toBe(
      'ILLEGAL_CANARY_TRANSITION',
    );
    expect(codeOf(() => nextCanaryStatus('paused' as CanaryStatus, 'sample'))).toBe(
      'ILLEGAL_CANARY_TRANSITION',
    );
    expect(codeOf(() => nextCanaryStatus('running', 'toString' as CanaryTransition))).toBe(
      'ILLEGAL_CANARY_TRANSITION',
    );
  });
});

describe('canary events and decisions', () => {
  it('names events as the wire does', () => {
    expect(CANARY_CREATED_EVENT).toBe('started');
    expect(TRANSITIONS.map(canaryEventFor)).toEqual(['metric', 'promoted', 'rolled_back', 'rolled_back']);
  });

  it('is decided only when promoted or rolled back', () => {
    expect(isDecidedCanaryStatus('running')).toBe(false);
    expect(isDecidedCanaryStatus('promoted')).toBe(true);
    expect(isDecidedCanaryStatus('rolled_back')).toBe(true);
  });

  it('maps each rule of the decision to its transition', () => {
    const decision = { decidedAt: 0, reason: '' };
    expect(canaryTransitionFor({ ...decision, outcome: 'promote', rule: 'window_elapsed' })).toBe('promote');
    expect(canaryTransitionFor({ ...decision, outcome: 'rollback', rule: 'breach_limit' })).toBe('roll_back');
    expect(canaryTransitionFor({ ...decision, outcome: 'rollback', rule: 'insufficient_data' })).toBe(
      'roll_back',
    );
    expect(canaryTransitionFor({ ...decision, outcome: 'rollback', rule: 'abort' })).toBe('abort');
  });
});
