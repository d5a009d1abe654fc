import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { createTempDirs } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadCockpitConfig } from './load-cockpit-config.ts';

/** The server's own part of the configuration, in the shape `loadConfig` returned before it. */
function loadConfig(env: Record<string, string>, cwd: string) {
  const config = loadCockpitConfig(env, cwd);
  return {
    port: config.server.port,
    host: config.server.host,
    databaseFile: config.database.display,
    repoRoot: config.server.repoRoot,
    apiKeys: config.security.apiKeys,
    healthMaxLagMs: config.server.healthMaxLagMs,
    minIntervalMs: config.server.minIntervalMs,
  };
}

/** What `loadCockpitConfig` throws for `env`. */
function errorOf(env: Record<string, string>, cwd = '/'): ConfigError {
  try {
    loadCockpitConfig(env, cwd);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const tempDirs = createTempDirs();
afterEach(() => tempDirs.removeAll());

describe('loadCockpitConfig: the server settings', () => {
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
      apiKeys: [
        { key: 'k1', scopes: ['read', 'operate'] },
        { key: 'k2', scopes: ['read', 'operate'] },
      ],
      healthMaxLagMs: 250,
      minIntervalMs: 1000,
    });
  });

  it.each([
    ['postgres://cockpit:s3cret@db.internal:5432/cockpit', 'postgres://cockpit:***@db.internal:5432/cockpit'],
    ['postgresql://cockpit@db/cockpit', 'postgresql://cockpit@db/cockpit'],
  ])('selects PostgreSQL for LUKHAS_MCP_DB=%s, its password kept out of what is shown', (url, display) => {
    const config = loadCockpitConfig({ LUKHAS_MCP_DB: url }, '/srv');
    expect(config.database).toEqual({ kind: 'postgres', url, display });
  });

  it.each([
    ['file:///var/lib/cockpit.db', 'file'],
    [' MySQL+TLS://db/x', 'MySQL+TLS'],
  ])(
    'refuses the URL LUKHAS_MCP_DB=%s of another scheme, naming the variable and only the scheme',
    (url, scheme) => {
      const error = errorOf({ LUKHAS_MCP_DB: url });
      expect(error.message).toContain(
        `LUKHAS_MCP_DB must be a SQLite file path or a postgres:// URL, got a ${scheme}:// URL`,
      );
    },
  );

  it('refuses a malformed postgres:// URL, naming the variable and what is missing, never the password', () => {
    const error = errorOf({ LUKHAS_MCP_DB: 'postgres://cockpit:s3cret@db.internal:5432/' });
    expect(error.message).toBe(
      'LUKHAS_MCP_DB: Not a usable PostgreSQL URL (postgres://cockpit:***@db.internal:5432/): it must name ' +
        'one database after the host (…/cockpit). Expected postgres://user:password@host:port/database.',
    );
  });

  it('names the replica LUKHAS_REPLICA_ID, else after the host and the process, and refuses odd characters', () => {
    expect(loadCockpitConfig({ LUKHAS_REPLICA_ID: 'cockpit-0' }, '/').fleet).toEqual({
      replicaId: 'cockpit-0',
      leaseMs: 15_000,
    });
    expect(loadCockpitConfig({}, '/').fleet.replicaId).toBe(
      `${hostname().replace(/[^A-Za-z0-9_.:-]/g, '_')}-${process.pid}`,
    );
    expect(errorOf({ LUKHAS_REPLICA_ID: 'cockpit 0' }).message).toBe(
      'LUKHAS_REPLICA_ID must be 1 to 128 characters from A-Z a-z 0-9 _ . : -, got "cockpit 0"',
    );
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

describe('loadCockpitConfig: progressive delivery (traffic router, notifications)', () => {
  it('has no router and no notifications by default', () => {
    const config = loadCockpitConfig({}, '/srv');
    expect(config.trafficRouter).toEqual({ kind: 'none' });
    expect(config.notifications).toEqual({
      slackUrl: null,
      events: ['started', 'step', 'paused', 'resumed', 'promoted', 'rolled_back'],
      publicUrl: null,
    });
  });

  it('reads the HAProxy router (backend {model} by default) and the webhook router', () => {
    expect(
      loadCockpitConfig(
        { LUKHAS_TRAFFIC_ROUTER: 'haproxy', LUKHAS_HAPROXY_SOCKET: '/run/haproxy/admin.sock' },
        '/srv',
      ).trafficRouter,
    ).toEqual({ kind: 'haproxy', socket: { path: '/run/haproxy/admin.sock' }, backend: '{model}' });
    expect(
      loadCockpitConfig(
        {
          LUKHAS_TRAFFIC_ROUTER: 'haproxy',
          LUKHAS_HAPROXY_SOCKET: '127.0.0.1:9999',
          LUKHAS_HAPROXY_BACKEND: 'be_{model}',
        },
        '/srv',
      ).trafficRouter,
    ).toEqual({ kind: 'haproxy', socket: { host: '127.0.0.1', port: 9999 }, backend: 'be_{model}' });
    expect(
      loadCockpitConfig(
        { LUKHAS_TRAFFIC_ROUTER: 'webhook', LUKHAS_TRAFFIC_WEBHOOK_URL: 'https://mesh.internal/weights' },
        '/srv',
      ).trafficRouter,
    ).toEqual({ kind: 'webhook', url: 'https://mesh.internal/weights' });
  });

  it('reads the Slack URL, the event filter and the public URL for links, frozen', () => {
    const config = loadCockpitConfig(
      {
        LUKHAS_NOTIFY_SLACK_URL: 'https://hooks.slack.com/services/T0/B0/x',
        LUKHAS_NOTIFY_EVENTS: 'paused, rolled_back',
        LUKHAS_PUBLIC_URL: 'https://cockpit.example.com/',
      },
      '/srv',
    );
    expect(config.notifications).toEqual({
      slackUrl: 'https://hooks.slack.com/services/T0/B0/x',
      events: ['paused', 'rolled_back'],
      publicUrl: 'https://cockpit.example.com',
    });
    expect(Object.isFrozen(config.notifications.events)).toBe(true);
    expect(Object.isFrozen(config.trafficRouter)).toBe(true);
  });

  it('names every bad router and notification variable in one error, never echoing the Slack URL', () => {
    const error = errorOf({
      LUKHAS_TRAFFIC_ROUTER: 'haproxy',
      LUKHAS_HAPROXY_SOCKET: 'admin.sock',
      LUKHAS_NOTIFY_SLACK_URL: 'ftp://hooks.example.com/services/SECRET',
      PORT: 'zz',
    });
    expect(error.problems).toEqual([
      'PORT must be a whole number from 0 to 65535, got "zz"',
      'LUKHAS_HAPROXY_SOCKET must be a unix socket path (with a "/") or host:port, got "admin.sock"',
      'LUKHAS_NOTIFY_SLACK_URL must be an http(s) incoming-webhook URL, got ftp://hooks.example.com/…',
    ]);
    expect(error.message).not.toContain('SECRET');
  });

  it.each([
    [
      'LUKHAS_TRAFFIC_ROUTER',
      { LUKHAS_TRAFFIC_ROUTER: 'envoy' },
      'LUKHAS_TRAFFIC_ROUTER must be "webhook" or "haproxy" (or unset for none), got "envoy"',
    ],
    [
      'LUKHAS_HAPROXY_SOCKET',
      { LUKHAS_TRAFFIC_ROUTER: 'haproxy' },
      'LUKHAS_HAPROXY_SOCKET must be set when LUKHAS_TRAFFIC_ROUTER=haproxy',
    ],
    [
      'LUKHAS_TRAFFIC_WEBHOOK_URL',
      { LUKHAS_TRAFFIC_ROUTER: 'webhook' },
      'LUKHAS_TRAFFIC_WEBHOOK_URL must be set when LUKHAS_TRAFFIC_ROUTER=webhook',
    ],
    [
      'LUKHAS_HAPROXY_BACKEND',
      { LUKHAS_TRAFFIC_ROUTER: 'haproxy', LUKHAS_HAPROXY_SOCKET: '/s', LUKHAS_HAPROXY_BACKEND: 'a b' },
      'LUKHAS_HAPROXY_BACKEND may hold only letters, digits',
    ],
    [
      'LUKHAS_NOTIFY_EVENTS',
      { LUKHAS_NOTIFY_EVENTS: 'paused,exploded' },
      'LUKHAS_NOTIFY_EVENTS: unknown event type "exploded"',
    ],
    [
      'LUKHAS_PUBLIC_URL',
      { LUKHAS_PUBLIC_URL: 'https://cockpit.example.com/?x=1' },
      'LUKHAS_PUBLIC_URL must be a base URL without a query or fragment',
    ],
  ])('refuses a bad %s with one ConfigError that names it', (_name, env, message) => {
    const error = errorOf(env);
    expect(error.message).toContain(message);
    expect(error.problems).toHaveLength(1);
  });
});

describe('loadCockpitConfig', () => {
  it('returns every section, frozen all the way down', () => {
    const config = loadCockpitConfig(
      { LUKHAS_DOCS_INCLUDE: 'docs/**', PROM_URL: 'http://prometheus:9090' },
      '/srv',
    );
    expect(Object.keys(config).sort()).toEqual([
      'database',
      'documents',
      'fileOps',
      'fleet',
      'notifications',
      'oauth',
      'security',
      'server',
      'slo',
      'tasks',
      'trafficRouter',
      'webhooks',
    ]);
    expect(config.slo.prometheus?.url).toBe('http://prometheus:9090');
    expect(config.tasks.taskFile).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
    for (const section of Object.values(config)) expect(Object.isFrozen(section)).toBe(true);
    expect(Object.isFrozen(config.security.allowedHosts)).toBe(true);
    expect(Object.isFrozen(config.documents.include)).toBe(true);
    expect(Object.isFrozen(config.slo.prometheus?.queries)).toBe(true);
    expect(Object.isFrozen(config.tasks.baseEnv)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('denies the loaded task file to the documents, and freezes its tasks', () => {
    const root = tempDirs.make('cockpit-config-');
    writeFileSync(path.join(root, 'cockpit.tasks.json'), JSON.stringify({ smoke: { command: ['true'] } }));
    const config = loadCockpitConfig({}, root);
    expect(config.tasks.taskFile?.path).toBe(path.join(root, 'cockpit.tasks.json'));
    expect(config.documents.deniedFiles).toEqual([path.join(root, 'cockpit.tasks.json')]);
    expect(Object.isFrozen(config.tasks.taskFile?.tasks.get('smoke'))).toBe(true);
  });

  it('leaves file operations off by default; on, shares the root and the denied task file', () => {
    expect(loadCockpitConfig({}, '/srv').fileOps).toBeNull();
    const root = tempDirs.make('cockpit-config-');
    writeFileSync(path.join(root, 'cockpit.tasks.json'), JSON.stringify({ smoke: { command: ['true'] } }));
    const config = loadCockpitConfig(
      {
        LUKHAS_FILE_OPS: '1',
        LUKHAS_FILE_OPS_MAX_BYTES: '4096',
        LUKHAS_FILE_OPS_ALLOW: 'configs/**,prompts/**',
      },
      root,
    );
    expect(config.fileOps).toEqual({
      root,
      maxBytes: 4096,
      allow: ['configs/**', 'prompts/**'],
      deniedFiles: [path.join(root, 'cockpit.tasks.json')],
    });
    expect(Object.isFrozen(config.fileOps?.allow)).toBe(true);
  });

  it.each([
    ['PORT', { PORT: 'zz' }, 'PORT must be a whole number from 0 to 65535, got "zz"'],
    ['LUKHAS_FILE_OPS', { LUKHAS_FILE_OPS: 'maybe' }, 'LUKHAS_FILE_OPS="maybe" is not a switch: set it to 1'],
    [
      'LUKHAS_FILE_OPS_MAX_BYTES',
      { LUKHAS_FILE_OPS: '1', LUKHAS_FILE_OPS_MAX_BYTES: '1MiB' },
      'LUKHAS_FILE_OPS_MAX_BYTES="1MiB" must be a whole number of bytes from 1 to 67108864',
    ],
    [
      'LUKHAS_FILE_OPS_ALLOW',
      { LUKHAS_FILE_OPS: '1', LUKHAS_FILE_OPS_ALLOW: 'configs/{a,b}' },
      'LUKHAS_FILE_OPS_ALLOW: the pattern "configs/{a" uses [ ] or { }',
    ],
    ['LUKHAS_MCP_DB', { LUKHAS_MCP_DB: 'postgres://db/x' }, 'LUKHAS_MCP_DB: Not a usable PostgreSQL URL'],
    [
      'LUKHAS_MCP_API_KEYS',
      { LUKHAS_MCP_API_KEYS: 'bad key' },
      'LUKHAS_MCP_API_KEYS entry 1 has spaces, control or non-ASCII characters',
    ],
    [
      'LUKHAS_MAX_BODY_BYTES',
      { LUKHAS_MAX_BODY_BYTES: 'abc' },
      'LUKHAS_MAX_BODY_BYTES must be a whole number of at least 1, got "abc"',
    ],
    [
      'PROM_TIMEOUT_MS',
      { PROM_URL: 'http://p', PROM_TIMEOUT_MS: '5s' },
      'PROM_TIMEOUT_MS must be a positive whole number, got "5s"',
    ],
    [
      'LUKHAS_CANARY_WEBHOOK_RETRIES',
      { LUKHAS_CANARY_WEBHOOK_RETRIES: 'two' },
      'LUKHAS_CANARY_WEBHOOK_RETRIES must be a whole number >= 0, got "two"',
    ],
    [
      'LUKHAS_DOCS_TTL_MS',
      { LUKHAS_DOCS_TTL_MS: 'soon' },
      'LUKHAS_DOCS_TTL_MS must be a whole number >= 0, got "soon"',
    ],
    [
      'LUKHAS_MAX_CONCURRENT_JOBS',
      { LUKHAS_MAX_CONCURRENT_JOBS: '0' },
      'LUKHAS_MAX_CONCURRENT_JOBS must be a whole number from 1 to 64, got "0"',
    ],
    [
      'LUKHAS_TASKS_FILE',
      { LUKHAS_TASKS_FILE: '/no/such/tasks.json' },
      'Invalid task file /no/such/tasks.json: LUKHAS_TASKS_FILE names a file that does not exist',
    ],
  ])('refuses a bad %s with one ConfigError that names it', (_name, env, message) => {
    const error = errorOf(env);
    expect(error.message).toContain(message);
    expect(error.problems).toHaveLength(1);
    expect(error.cause === undefined || error.cause instanceof Error).toBe(true);
  });

  it('names every bad variable of every family in one error, each with its value and its cause', () => {
    const error = errorOf({
      PORT: 'zz',
      LUKHAS_HEALTH_MAX_LAG_MS: '-1',
      LUKHAS_MAX_BODY_BYTES: 'abc',
      MCP_RL_BUCKET: 'sixty',
      PROM_URL: 'prometheus:9090',
      PROM_TIMEOUT_MS: '5s',
      LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS: '0',
      LUKHAS_DOCS_TTL_MS: 'soon',
      LUKHAS_JOB_CANCEL_GRACE_MS: 'later',
      LUKHAS_MCP_DB: 'postgres://cockpit:s3cret@db/',
    });
    expect(error.problems).toEqual([
      'PORT must be a whole number from 0 to 65535, got "zz"',
      'LUKHAS_HEALTH_MAX_LAG_MS must be a positive number of milliseconds, got "-1"',
      'MCP_RL_BUCKET must be a whole number of at least 1, got "sixty"',
      'LUKHAS_MAX_BODY_BYTES must be a whole number of at least 1, got "abc"',
      expect.stringContaining('LUKHAS_MCP_DB: Not a usable PostgreSQL URL (postgres://cockpit:***@db/)'),
      'PROM_URL must use http or https, got prometheus:',
      'PROM_TIMEOUT_MS must be a positive whole number, got "5s"',
      'LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS must be a whole number >= 1, got "0"',
      'LUKHAS_JOB_CANCEL_GRACE_MS must be a whole number from 0 to 600000, got "later"',
      'LUKHAS_DOCS_TTL_MS must be a whole number >= 0, got "soon"',
    ]);
    expect(error.message).toMatch(/^invalid configuration \(10 problems\):\n {2}- PORT must be/);
    for (const problem of error.problems) expect(error.message).toContain(problem);
    expect(error.message).not.toContain('s3cret');
    expect(error.cause).toBeInstanceOf(AggregateError);
    expect((error.cause as AggregateError).errors).toHaveLength(10);
  });
});
