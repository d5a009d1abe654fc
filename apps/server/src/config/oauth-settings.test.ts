import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { parseOAuthSettings } from './oauth-settings.ts';

const publicUrl = 'https://cockpit.example.com';

describe('parseOAuthSettings', () => {
  it('is null without LUKHAS_OAUTH_ISSUER (API keys only)', () => {
    expect(parseOAuthSettings({ LUKHAS_OAUTH_ISSUER: ' ' }, { publicUrl })).toBeNull();
  });

  it('derives the resource and the metadata URL from LUKHAS_PUBLIC_URL, with the defaults', () => {
    expect(parseOAuthSettings({ LUKHAS_OAUTH_ISSUER: 'https://auth.example.com' }, { publicUrl })).toEqual({
      issuer: 'https://auth.example.com',
      resource: 'https://cockpit.example.com/mcp',
      resourceMetadataUrl: 'https://cockpit.example.com/.well-known/oauth-protected-resource',
      audiences: ['https://cockpit.example.com/mcp'],
      clockToleranceSeconds: 30,
      jwksCooldownSeconds: 30,
    });
  });

  it('reads the audience list and the knobs', () => {
    const settings = parseOAuthSettings(
      {
        LUKHAS_OAUTH_ISSUER: 'http://127.0.0.1:9999',
        LUKHAS_OAUTH_AUDIENCE: 'api://cockpit, https://cockpit.example.com/mcp',
        LUKHAS_OAUTH_CLOCK_TOLERANCE_SECONDS: '5',
        LUKHAS_OAUTH_JWKS_COOLDOWN_SECONDS: '0',
      },
      { publicUrl },
    );
    expect(settings).toMatchObject({
      audiences: ['api://cockpit', 'https://cockpit.example.com/mcp'],
      clockToleranceSeconds: 5,
      jwksCooldownSeconds: 0,
    });
  });

  it('names every problem: no LUKHAS_PUBLIC_URL, an http issuer off loopback, a bad tolerance', () => {
    let thrown: unknown;
    try {
      parseOAuthSettings(
        { LUKHAS_OAUTH_ISSUER: 'http://auth.example.com', LUKHAS_OAUTH_CLOCK_TOLERANCE_SECONDS: 'soon' },
        { publicUrl: null },
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([
      'LUKHAS_OAUTH_ISSUER must be an https URL (http only on loopback), got "http://auth.example.com"',
      'LUKHAS_OAUTH_ISSUER needs LUKHAS_PUBLIC_URL: the resource its tokens are issued for is <LUKHAS_PUBLIC_URL>/mcp',
      'LUKHAS_OAUTH_CLOCK_TOLERANCE_SECONDS must be a number of seconds from 0 to 600, got "soon"',
    ]);
  });

  it('does not repeat a LUKHAS_PUBLIC_URL problem its own parser reported', () => {
    expect(() =>
      parseOAuthSettings({ LUKHAS_OAUTH_ISSUER: 'https://auth.example.com' }, { publicUrl: undefined }),
    ).not.toThrow();
  });
});
