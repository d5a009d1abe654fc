import { describe, expect, it } from 'vitest';
import { createIdGenerator, createSequentialIdGenerator } from './ids.ts';
import { systemClock } from './system-clock.ts';

describe('createIdGenerator', () => {
  it('makes job_ and canary_ ids of 12 lowercase base36 characters', () => {
    const ids = createIdGenerator();
    expect(ids.next('job')).toMatch(/^job_[0-9a-z]{12}$/);
    expect(ids.next('canary')).toMatch(/^canary_[0-9a-z]{12}$/);
  });

  it('does not repeat itself', () => {
    const ids = createIdGenerator();
    const made = new Set(Array.from({ length: 5_000 }, () => ids.next('job')));
    expect(made.size).toBe(5_000);
  });

  it('uses every character of the alphabet', () => {
    const ids = createIdGenerator();
    const seen = new Set(Array.from({ length: 500 }, () => ids.next('job').slice(4)).join(''));
    expect(seen.size).toBe(36);
  });
});

describe('createSequentialIdGenerator', () => {
  it('counts per kind from 000001', () => {
    const ids = createSequentialIdGenerator();
    expect([ids.next('job'), ids.next('job'), ids.next('canary')]).toEqual([
      'job_000001',
      'job_000002',
      'canary_000001',
    ]);
  });

  it('puts the seed between kind and counter, and generators do not share counters', () => {
    const first = createSequentialIdGenerator('a');
    const second = createSequentialIdGenerator('b');
    expect(first.next('job')).toBe('job_a000001');
    expect(second.next('job')).toBe('job_b000001');
  });
});

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
