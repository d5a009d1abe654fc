import { describe, expect, it } from 'vitest';
import { accessScopesOf } from './oauth-scopes.ts';

describe('accessScopesOf', () => {
  it('maps cockpit:read to read and cockpit:operate to read and operate', () => {
    expect(accessScopesOf({ scope: 'cockpit:read' })).toEqual(['read']);
    expect(accessScopesOf({ scope: 'cockpit:operate' })).toEqual(['read', 'operate']);
  });

  it('reads scp as an array or a string, and any whitespace as a separator', () => {
    expect(accessScopesOf({ scp: ['openid', 'cockpit:operate'] })).toEqual(['read', 'operate']);
    expect(accessScopesOf({ scp: 'cockpit:read' })).toEqual(['read']);
    expect(accessScopesOf({ scope: '\topenid\n\n cockpit:read  ' })).toEqual(['read']);
  });

  it('grants nothing for other scopes, look-alikes or values that are not strings', () => {
    expect(accessScopesOf({ scope: 'cockpit:admin cockpit:read,cockpit:operate COCKPIT:READ' })).toEqual([]);
    expect(accessScopesOf({ scope: 42, scp: [{ scope: 'cockpit:operate' }] })).toEqual([]);
    expect(accessScopesOf({ scope: 'constructor __proto__ toString' })).toEqual([]);
    expect(accessScopesOf({})).toEqual([]);
  });
});
