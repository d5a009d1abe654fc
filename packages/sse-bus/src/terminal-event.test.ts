import { describe, expect, it } from 'vitest';
import { isTerminalEvent, TERMINAL_EVENT_TYPES } from './terminal-event.ts';

describe('terminal events', () => {
  it("are the events of core's transitions into a final status", () => {
    expect([...TERMINAL_EVENT_TYPES.job].sort()).toEqual(['cancelled', 'completed', 'failed']);
    expect([...TERMINAL_EVENT_TYPES.canary].sort()).toEqual(['promoted', 'rolled_back']);
  });

  it.each([
    ['job', 'completed', true],
    ['job', 'failed', true],
    ['job', 'cancelled', true],
    ['job', 'queued', false],
    ['job', 'running', false],
    ['job', 'progress', false],
    ['canary', 'promoted', true],
    ['canary', 'rolled_back', true],
    ['canary', 'started', false],
    ['canary', 'metric', false],
  ] as const)('%s %s → %s', (kind, type, terminal) => {
    expect(isTerminalEvent({ kind, type })).toBe(terminal);
  });
});
