import { describe, expect, it } from 'vitest';
import {
  canaryPaused,
  canaryResumed,
  canaryStep,
  routerFailed,
  routerRedelivered,
} from './step-narrative.ts';

describe('step narrative lines', () => {
  it('say where the traffic goes, where the canary waits and who moved it on', () => {
    expect(canaryStep({ modelId: 'm', toGate: 'production', weight: 25 })).toBe(
      'canary m → 25% to production',
    );
    expect(canaryPaused({ modelId: 'm', weight: 25 })).toBe('canary m → paused at 25%: waiting for promote');
    expect(canaryResumed({ modelId: 'm', weight: 25, operator: 'alice', full: false })).toBe(
      'canary m → resumed at 25% by alice',
    );
    expect(canaryResumed({ modelId: 'm', weight: 50, operator: 'bob', full: true })).toBe(
      'canary m → promoted in full from 50% by bob (remaining steps skipped)',
    );
    expect(routerFailed({ modelId: 'm', weight: 25, router: 'haproxy', reason: 'No such server.' })).toBe(
      'canary m → traffic router haproxy failed setting 25%: No such server.',
    );
  });

  it('keeps control characters of names and reasons out of the line', () => {
    expect(canaryStep({ modelId: 'm\nx', toGate: 'p', weight: 5 })).not.toContain('\n');
    expect(routerFailed({ modelId: 'm', weight: 0, router: 'webhook', reason: 'a\u0007b' })).not.toContain(
      '\u0007',
    );
  });

  it('says when a router call owed since the decision was finally made', () => {
    expect(routerRedelivered({ modelId: 'm', weight: 0, router: 'haproxy' })).toBe(
      'canary m → traffic router haproxy took 0% (owed since the decision)',
    );
  });
});
