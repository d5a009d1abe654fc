import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiKeyVerifier, operatorLabel } from './api-key-verifier.ts';

describe('createApiKeyVerifier', () => {
  const verify = createApiKeyVerifier(['prod-key-1', 'admin-key-2']);

  it('answers the label of whichever configured key matches', () => {
    expect(verify('prod-key-1')).toBe(operatorLabel('prod-key-1'));
    expect(verify('admin-key-2')).toBe(operatorLabel('admin-key-2'));
  });

  it.each([
    '',
    'prod-key-',
    'prod-key-10',
    'PROD-KEY-1',
    ' prod-key-1',
    'admin-key-2prod-key-1',
    'x'.repeat(100_000),
  ])('refuses %j: prefixes, extensions, case and padding are all wrong keys', (presented) => {
    expect(verify(presented)).toBeNull();
  });

  it('matches nothing when no keys are configured', () => {
    expect(createApiKeyVerifier([])('anything')).toBeNull();
  });
});

describe('operatorLabel', () => {
  it('is key: and the first 8 hex chars of the SHA-256, never the key', () => {
    const digest = createHash('sha256').update('prod-key-1').digest('hex');
    expect(operatorLabel('prod-key-1')).toBe(`key:${digest.slice(0, 8)}`);
    expect(operatorLabel('prod-key-1')).toMatch(/^key:[0-9a-f]{8}$/);
    expect(operatorLabel('abcdef12')).not.toContain('abcdef12');
  });
});
