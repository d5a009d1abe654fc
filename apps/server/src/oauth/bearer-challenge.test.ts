import { describe, expect, it } from 'vitest';
import { insufficientScopeChallenge, unauthorizedChallenge } from './bearer-challenge.ts';

const resourceMetadataUrl = 'https://cockpit.example.com/.well-known/oauth-protected-resource';

describe('bearer challenges', () => {
  it('a 401 names the resource metadata, and the reason of a refused token', () => {
    expect(unauthorizedChallenge({ resourceMetadataUrl })).toBe(
      `Bearer realm="mcp-cockpit", scope="cockpit:read", resource_metadata="${resourceMetadataUrl}"`,
    );
    expect(unauthorizedChallenge({ resourceMetadataUrl, invalidToken: 'the token has expired' })).toBe(
      `Bearer realm="mcp-cockpit", error="invalid_token", error_description="the token has expired", scope="cockpit:read", resource_metadata="${resourceMetadataUrl}"`,
    );
  });

  it('a 403 names the scope to step up to', () => {
    expect(insufficientScopeChallenge({ resourceMetadataUrl, scope: 'cockpit:operate' })).toBe(
      `Bearer error="insufficient_scope", scope="cockpit:operate", resource_metadata="${resourceMetadataUrl}"`,
    );
  });

  it('drops characters a quoted string may not hold, so the header stays one well-formed value', () => {
    expect(
      unauthorizedChallenge({ resourceMetadataUrl, invalidToken: 'the "aud" claim\\\n is é' }),
    ).toContain('error_description="the aud claim is "');
  });
});
