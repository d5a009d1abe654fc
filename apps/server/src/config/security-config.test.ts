import { describe, expect, it } from 'vitest';
import { parseApiKeys } from './api-keys.ts';
import { ConfigError } from './config-error.ts';
import { parseSecurityConfig } from './security-config.ts';

/** The security settings of `env`, its keys read by `parseApiKeys` as `loadCockpitConfig` does. */
function securityOf(env: Record<string, string>, options: { bindHost: string }) {
  return parseSecurityConfig(env, { ...options, apiKeys: parseApiKeys(env) });
}

const loopback = { bindHost: '127.0.0.1' };
const everywhere = { bindHost: '0.0.0.0' };

describe('parseSecurityConfig', () => {
  it('defaults: no keys, the seed rate limit (60 per 10 s), no CORS origins, loopback hosts, 1 MiB bodies', () => {
    expect(securityOf({}, loopback)).toEqual({
      apiKeys: [],
      rateLimitWindowMs: 10_000,
      rateLimitBucket: 60,
      corsOrigins: [],
      allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
      allowAnyHost: false,
      trustProxy: false,
      maxBodyBytes: 1_048_576,
    });
  });

  it('reads every knob', () => {
    const config = securityOf(
      {
        LUKHAS_MCP_API_KEYS: ' prod-key-1, ,admin-key-2 ',
        MCP_RL_WINDOW_MS: '5000',
        MCP_RL_BUCKET: '10',
        LUKHAS_CORS_ORIGINS: 'https://ops.example.com/, http://LOCALHOST:5173, https://a.example:443',
        LUKHAS_ALLOWED_HOSTS: 'mcp.lukhas.ai, Cockpit.internal:8766, ::1',
        LUKHAS_TRUST_PROXY: 'on',
        LUKHAS_MAX_BODY_BYTES: '2048',
      },
      everywhere,
    );
    expect(config).toEqual({
      apiKeys: [
        { key: 'prod-key-1', scopes: ['read', 'operate'] },
        { key: 'admin-key-2', scopes: ['read', 'operate'] },
      ],
      rateLimitWindowMs: 5000,
      rateLimitBucket: 10,
      corsOrigins: ['https://ops.example.com', 'http://localhost:5173', 'https://a.example'],
      allowedHosts: ['localhost', '127.0.0.1', '[::1]', 'mcp.lukhas.ai', 'cockpit.internal'],
      allowAnyHost: false,
      trustProxy: true,
      maxBodyBytes: 2048,
    });
  });

  it('adds a specific bind host to the allowed hosts, but not 0.0.0.0 or ::', () => {
    const keys = { LUKHAS_MCP_API_KEYS: 'k' };
    expect(securityOf(keys, { bindHost: '10.0.0.5' }).allowedHosts).toContain('10.0.0.5');
    expect(securityOf(keys, { bindHost: 'fd00::5' }).allowedHosts).toContain('[fd00::5]');
    expect(securityOf(keys, everywhere).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(securityOf(keys, { bindHost: '::' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
  });

  it("takes LUKHAS_ALLOWED_HOSTS='*' with keys", () => {
    const config = securityOf({ LUKHAS_MCP_API_KEYS: 'k', LUKHAS_ALLOWED_HOSTS: '*' }, everywhere);
    expect(config.allowAnyHost).toBe(true);
  });

  it.each([
    ['MCP_RL_WINDOW_MS', '0', 'MCP_RL_WINDOW_MS must be a whole number of at least 1, got "0"'],
    ['MCP_RL_WINDOW_MS', '1.5', 'MCP_RL_WINDOW_MS must be a whole number of at least 1, got "1.5"'],
    ['MCP_RL_BUCKET', 'sixty', 'MCP_RL_BUCKET must be a whole number of at least 1, got "sixty"'],
    ['MCP_RL_BUCKET', '-3', 'MCP_RL_BUCKET must be a whole number of at least 1, got "-3"'],
    [
      'LUKHAS_MAX_BODY_BYTES',
      '1e100',
      'LUKHAS_MAX_BODY_BYTES must be a whole number of at least 1, got "1e100"',
    ],
    [
      'LUKHAS_TRUST_PROXY',
      'maybe',
      'LUKHAS_TRUST_PROXY must be on or off (1/0, true/false, yes/no), got "maybe"',
    ],
    ['LUKHAS_CORS_ORIGINS', '*', "LUKHAS_CORS_ORIGINS does not take '*'"],
    ['LUKHAS_CORS_ORIGINS', 'ops.example.com', 'is not an origin like https://ops.example.com'],
    ['LUKHAS_CORS_ORIGINS', 'ftp://ops.example.com', 'must be an http(s) origin'],
    ['LUKHAS_CORS_ORIGINS', 'https://ops.example.com/app', 'must be scheme://host[:port] with no path'],
    [
      'LUKHAS_ALLOWED_HOSTS',
      'evil@localhost',
      'LUKHAS_ALLOWED_HOSTS entry "evil@localhost" is not a host name',
    ],
  ])('refuses %s=%s with a clear error', (name, value, message) => {
    const env = { LUKHAS_MCP_API_KEYS: 'k', [name]: value };
    expect(() => securityOf(env, loopback)).toThrow(ConfigError);
    expect(() => securityOf(env, loopback)).toThrow(message);
  });

  it('refuses to listen beyond loopback without keys', () => {
    for (const bindHost of ['0.0.0.0', '::', '10.0.0.5', 'cockpit.internal']) {
      expect(() => securityOf({}, { bindHost })).toThrow(
        `refusing to listen on ${bindHost} without LUKHAS_MCP_API_KEYS`,
      );
    }
    for (const bindHost of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) {
      expect(() => securityOf({}, { bindHost })).not.toThrow();
    }
  });

  it("refuses LUKHAS_ALLOWED_HOSTS='*' without keys: the Host check is all that stops DNS rebinding then", () => {
    expect(() => securityOf({ LUKHAS_ALLOWED_HOSTS: '*' }, loopback)).toThrow(
      "LUKHAS_ALLOWED_HOSTS='*' needs LUKHAS_MCP_API_KEYS",
    );
  });

  it('names every bad variable in one error', () => {
    const env = { MCP_RL_BUCKET: 'sixty', LUKHAS_MAX_BODY_BYTES: 'abc', LUKHAS_CORS_ORIGINS: '*,ftp://x' };
    let caught: unknown;
    try {
      securityOf(env, everywhere);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'refusing to listen on 0.0.0.0 without LUKHAS_MCP_API_KEYS: anyone who can reach it could drive production gates; set keys or listen on 127.0.0.1',
      'MCP_RL_BUCKET must be a whole number of at least 1, got "sixty"',
      "LUKHAS_CORS_ORIGINS does not take '*': list the origins, e.g. https://ops.example.com",
      'LUKHAS_CORS_ORIGINS entry "ftp://x" must be an http(s) origin',
      'LUKHAS_MAX_BODY_BYTES must be a whole number of at least 1, got "abc"',
    ]);
  });

  it('skips the checks that need the keys when LUKHAS_MCP_API_KEYS could not be read', () => {
    expect(() => parseSecurityConfig({}, { bindHost: '0.0.0.0', apiKeys: undefined })).not.toThrow();
  });

  it('refuses a key a client could not send, without quoting the key', () => {
    const attempt = () => securityOf({ LUKHAS_MCP_API_KEYS: 'good-key,bad key\u00e9' }, loopback);
    expect(attempt).toThrow('LUKHAS_MCP_API_KEYS entry 2 has spaces, control or non-ASCII characters');
    expect(attempt).not.toThrow(/bad key/);
  });
});
