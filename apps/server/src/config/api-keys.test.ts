import { describe, expect, it } from 'vitest';
import { parseApiKeys } from './api-keys.ts';
import { ConfigError } from './config-error.ts';

const keysOf = (value: string) => parseApiKeys({ LUKHAS_MCP_API_KEYS: value });

/** What parseApiKeys throws for `value`. */
function errorOf(value: string): ConfigError {
  try {
    keysOf(value);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseApiKeys', () => {
  it('reads none when the variable is unset or blank: no auth', () => {
    expect(parseApiKeys({})).toEqual([]);
    expect(keysOf(' , ')).toEqual([]);
  });

  it('gives a key without a scope every scope, and key:read only read', () => {
    expect(keysOf(' k1, ,k2:read , k3 : read ')).toEqual([
      { key: 'k1', scopes: ['read', 'operate'] },
      { key: 'k2', scopes: ['read'] },
      { key: 'k3', scopes: ['read'] },
    ]);
  });

  it('takes the scope after the last colon, so a key may hold colons when a scope follows', () => {
    expect(keysOf('team:ops:s3cret:read')).toEqual([{ key: 'team:ops:s3cret', scopes: ['read'] }]);
  });

  it('keeps a key listed twice with the same scope once', () => {
    expect(keysOf('k1:read,k2,k1:read')).toEqual([
      { key: 'k1', scopes: ['read'] },
      { key: 'k2', scopes: ['read', 'operate'] },
    ]);
  });

  it.each([
    ['k1,k2:admin', 'LUKHAS_MCP_API_KEYS entry 2 has an unknown scope', 'admin'],
    ['k1:operate', 'LUKHAS_MCP_API_KEYS entry 1 has an unknown scope', 'operate'],
    ['k1:', 'LUKHAS_MCP_API_KEYS entry 1 has an unknown scope', 'k1'],
    ['k1,toString-key:toString', 'LUKHAS_MCP_API_KEYS entry 2 has an unknown scope', 'toString-key'],
    [':read', 'LUKHAS_MCP_API_KEYS entry 1 has a scope but no key', undefined],
    ['k1, :read', 'LUKHAS_MCP_API_KEYS entry 2 has a scope but no key', 'k1'],
    [
      's3cret-1,s3cret-1:read',
      'LUKHAS_MCP_API_KEYS entry 2 repeats the key of entry 1 with a different scope',
      's3cret',
    ],
    ['bad key:read', 'LUKHAS_MCP_API_KEYS entry 1 has spaces, control or non-ASCII characters', 'bad key'],
  ])('refuses %j naming the variable and the entry, never the key', (value, message, secret) => {
    const error = errorOf(value);
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(message);
    if (secret !== undefined) expect(error.message).not.toContain(secret);
  });

  it('names every bad entry, not only the first', () => {
    expect(errorOf('a:x,:read,b,b:read').problems).toEqual([
      expect.stringMatching(/^LUKHAS_MCP_API_KEYS entry 1 has an unknown scope/),
      expect.stringMatching(/^LUKHAS_MCP_API_KEYS entry 2 has a scope but no key/),
      expect.stringMatching(/^LUKHAS_MCP_API_KEYS entry 4 repeats the key of entry 3/),
    ]);
  });
});
