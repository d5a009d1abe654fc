import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseApiKeys } from '../config/index.ts';
import { createApiKeyVerifier, operatorLabel } from './api-key-verifier.ts';

describe('createApiKeyVerifier', () => {
  const verify = createApiKeyVerifier(
    parseApiKeys({ LUKHAS_MCP_API_KEYS: 'prod-key-1,admin-key-2,audit-key-3:read' }),
  );

  it('answers the access of whichever configured key matches: its label and its scopes', () => {
    expect(verify('prod-key-1')).toEqual({
      operator: operatorLabel('prod-key-1'),
      scopes: ['read', 'operate'],
    });
    expect(verify('admin-key-2')).toEqual({
      operator: operatorLabel('admin-key-2'),
      scopes: ['read', 'operate'],
    });
    expect(verify('audit-key-3')).toEqual({ operator: operatorLabel('audit-key-3'), scopes: ['read'] });
  });

  it.each([
    '',
    'prod-key-',
    'prod-key-10',
    'PROD-KEY-1',
    ' prod-key-1',
    'admin-key-2prod-key-1',
    'audit-key-3:read',
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
