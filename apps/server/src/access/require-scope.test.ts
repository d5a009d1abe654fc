import { isCockpitError } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { AccessError, requireScope } from './require-scope.ts';

const operator = 'key:1a2b3c4d';

describe('requireScope', () => {
  it('lets a caller with the scope through', () => {
    expect(() =>
      requireScope({ operator, scopes: ['read', 'operate'] }, 'operate', 'run_eval'),
    ).not.toThrow();
    expect(() => requireScope({ operator, scopes: ['read'] }, 'read', 'get_job')).not.toThrow();
  });

  it('refuses a read-only key, naming the action and the missing scope, with code FORBIDDEN_SCOPE', () => {
    let thrown: unknown;
    try {
      requireScope({ operator, scopes: ['read'] }, 'operate', 'promote_canary');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AccessError);
    expect(isCockpitError(thrown, 'FORBIDDEN_SCOPE')).toBe(true);
    expect((thrown as AccessError).scope).toBe('operate');
    expect((thrown as AccessError).message).toBe(
      'promote_canary needs the operate scope; this key is read-only',
    );
  });

  it('says so when the request carries no scope at all', () => {
    expect(() => requireScope({ operator: 'anonymous', scopes: [] }, 'read', 'GET /metrics')).toThrow(
      'GET /metrics needs the read scope; this request carries no scope',
    );
  });
});
