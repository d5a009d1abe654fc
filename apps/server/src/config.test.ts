import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the embedded defaults: port 8766, loopback, a database file in the working directory', () => {
    expect(loadConfig({}, '/srv/cockpit')).toEqual({
      port: 8766,
      host: '127.0.0.1',
      databaseFile: '/srv/cockpit/lukhas-mcp.db',
      repoRoot: '/srv/cockpit',
      apiKeys: [],
      healthMaxLagMs: 1000,
      minIntervalMs: 1000,
    });
  });

  it('honours PORT, LUKHAS_MCP_DB, LUKHAS_REPO_ROOT, LUKHAS_HEALTH_MAX_LAG_MS and listens on all interfaces once keys are set', () => {
    const config = loadConfig(
      {
        PORT: '9009',
        LUKHAS_MCP_DB: 'data/x.db',
        LUKHAS_REPO_ROOT: '/repo',
        LUKHAS_MCP_API_KEYS: ' k1, ,k2 ',
        LUKHAS_HEALTH_MAX_LAG_MS: '250',
      },
      '/srv',
    );
    expect(config).toEqual({
      port: 9009,
      host: '0.0.0.0',
      databaseFile: '/srv/data/x.db',
      repoRoot: '/repo',
      apiKeys: ['k1', 'k2'],
      healthMaxLagMs: 250,
      minIntervalMs: 1000,
    });
  });

  it.each([
    ['postgres://cockpit:s3cret@db.internal:5432/cockpit', 'postgres'],
    ['postgresql://db/cockpit', 'postgresql'],
    ['file:///var/lib/cockpit.db', 'file'],
    [' MySQL+TLS://db/x', 'MySQL+TLS'],
  ])('refuses the URL LUKHAS_MCP_DB=%s, naming the variable and not echoing the URL', (url, scheme) => {
    let error: unknown;
    try {
      loadConfig({ LUKHAS_MCP_DB: url }, '/srv');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`LUKHAS_MCP_DB must be a SQLite file path, got a ${scheme}:// URL`);
    expect(message).toContain('a PostgreSQL backend is not built yet');
    expect(message).not.toContain('s3cret');
  });

  it('still takes file names that merely contain a colon', () => {
    expect(loadConfig({ LUKHAS_MCP_DB: 'data/a:b.db' }, '/srv').databaseFile).toBe('/srv/data/a:b.db');
  });

  it('reads LUKHAS_MIN_INTERVAL_MS, the shortest canary interval, and refuses what it cannot use', () => {
    expect(loadConfig({ LUKHAS_MIN_INTERVAL_MS: '250' }, '/').minIntervalMs).toBe(250);
    expect(loadConfig({ LUKHAS_MIN_INTERVAL_MS: '60000' }, '/').minIntervalMs).toBe(60_000);
    for (const raw of ['abc', '0', '-5', '0.5', '1e12']) {
      expect(() => loadConfig({ LUKHAS_MIN_INTERVAL_MS: raw }, '/')).toThrow(
        `LUKHAS_MIN_INTERVAL_MS must be a whole number of milliseconds from 1 to 604800000, got "${raw}"`,
      );
    }
  });

  it.each(['abc', '0', '-5', 'Infinity'])('refuses LUKHAS_HEALTH_MAX_LAG_MS=%s', (lag) => {
    expect(() => loadConfig({ LUKHAS_HEALTH_MAX_LAG_MS: lag }, '/')).toThrow(
      `LUKHAS_HEALTH_MAX_LAG_MS must be a positive number of milliseconds, got "${lag}"`,
    );
  });

  it.each(['abc', '-1', '70000', '80.5'])('refuses PORT=%s with a clear error', (port) => {
    expect(() => loadConfig({ PORT: port }, '/')).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: port }, '/')).toThrow(
      `PORT must be a whole number from 0 to 65535, got "${port}"`,
    );
  });
});
