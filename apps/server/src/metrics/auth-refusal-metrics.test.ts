import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { AUTH_REFUSAL_REASONS } from '../http/index.ts';
import { authRefusalMetrics } from './auth-refusal-metrics.ts';

describe('cockpit_auth_refusals_total', () => {
  it('exports every reason at 0, then counts each refusal under its reason', async () => {
    const registry = new Registry();
    const record = authRefusalMetrics({ registry });
    const zero = await registry.metrics();
    for (const reason of AUTH_REFUSAL_REASONS) {
      expect(zero).toContain(`cockpit_auth_refusals_total{reason="${reason}"} 0`);
    }
    record('invalid_token');
    record('invalid_token');
    record('issuer_unavailable');
    const counted = await registry.metrics();
    expect(counted).toContain('cockpit_auth_refusals_total{reason="invalid_token"} 2');
    expect(counted).toContain('cockpit_auth_refusals_total{reason="issuer_unavailable"} 1');
    expect(counted).toContain('cockpit_auth_refusals_total{reason="missing_credential"} 0');
  });
});
