import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import {
  canTransitionJob,
  isTerminalJobStatus,
  JOB_CREATED_EVENT,
  JOB_TRANSITIONS,
  type JobTransition,
  jobEventFor,
  nextJobStatus,
} from './job-state.ts';
import type { JobStatus } from './records.ts';

const STATUSES: JobStatus[] = ['queued', 'running', 'completed', 'failed', 'cancelled'];
const TRANSITIONS = Object.keys(JOB_TRANSITIONS) as JobTransition[];

describe('nextJobStatus', () => {
  it.each([
    ['queued', 'start', 'running'],
    ['running', 'progress', 'running'],
    ['running', 'complete', 'completed'],
    ['queued', 'fail', 'failed'],
    ['running', 'fail', 'failed'],
    ['queued', 'cancel', 'cancelled'],
    ['running', 'cancel', 'cancelled'],
  ] as const)('%s --%s--> %s', (from, transition, to) => {
    expect(nextJobStatus(from, transition)).toBe(to);
  });

  it('refuses to complete a cancelled job with a message naming both', () => {
    expect(() => nextJobStatus('cancelled', 'complete')).toThrow('cannot complete job in status "cancelled"');
  });

  it.each([
    ['queued', 'progress'],
    ['queued', 'complete'],
    ['running', 'start'],
  ] as const)('refuses %s --%s-->', (from, transition) => {
    expect(() => nextJobStatus(from, transition)).toThrow(`cannot ${transition} job in status "${from}"`);
  });

  it('throws ILLEGAL_JOB_TRANSITION for every transition out of a terminal status', () => {
    for (const status of STATUSES.filter(isTerminalJobStatus)) {
      for (const transition of TRANSITIONS) {
        let caught: unknown;
        try {
          nextJobStatus(status, transition);
        } catch (error) {
          caught = error;
        }
        expect(isDomainError(caught, 'ILLEGAL_JOB_TRANSITION')).toBe(true);
      }
    }
  });

  it('agrees with canTransitionJob on every pair', () => {
    for (const status of STATUSES) {
      for (const transition of TRANSITIONS) {
        const legal = canTransitionJob(status, transition);
        if (legal) expect(() => nextJobStatus(status, transition)).not.toThrow();
        else expect(() => nextJobStatus(status, transition)).toThrow();
      }
    }
  });

  it('refuses a transition name it does not know', () => {
    expect(canTransitionJob('running', 'pause' as JobTransition)).toBe(false);
    expect(() => nextJobStatus('running', 'pause' as JobTransition)).toThrow('cannot pause job');
  });
});

describe('isTerminalJobStatus', () => {
  it('is true exactly for completed, failed and cancelled', () => {
    expect(STATUSES.filter(isTerminalJobStatus)).toEqual(['completed', 'failed', 'cancelled']);
  });
});

describe('job events', () => {
  it('names each event after the state it reports', () => {
    expect(JOB_CREATED_EVENT).toBe('queued');
    expect(TRANSITIONS.map((transition) => [transition, jobEventFor(transition)])).toEqual([
      ['start', 'running'],
      ['progress', 'progress'],
      ['complete', 'completed'],
      ['fail', 'failed'],
      ['cancel', 'cancelled'],
    ]);
  });
});
