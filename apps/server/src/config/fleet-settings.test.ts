import { describe, expect, it } from 'vitest';
import { parseFleetSettings } from './fleet-settings.ts';

describe('parseFleetSettings', () => {
  it('leases for 15 s by default, or LUKHAS_LEASE_SECONDS', () => {
    expect(parseFleetSettings({ LUKHAS_REPLICA_ID: 'cockpit-0' })).toEqual({
      replicaId: 'cockpit-0',
      leaseMs: 15_000,
    });
    expect(parseFleetSettings({ LUKHAS_REPLICA_ID: 'a', LUKHAS_LEASE_SECONDS: ' 2.5 ' }).leaseMs).toBe(2500);
  });

  it('refuses a lease that is not 1 to 3600 seconds, naming the variable', () => {
    for (const bad of ['0', '0.5', '-3', 'abc', '3601', 'Infinity']) {
      expect(() => parseFleetSettings({ LUKHAS_LEASE_SECONDS: bad })).toThrow(
        `LUKHAS_LEASE_SECONDS must be a number of seconds from 1 to 3600, got "${bad}"`,
      );
    }
  });
});
