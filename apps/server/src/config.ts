import path from 'node:path';
import { CockpitError } from '@lukhas/core';

/** Everything the server reads from its environment, validated once at start. */
export interface ServerConfig {
  readonly port: number;
  /** Interface to listen on: loopback unless API keys are configured (or HOST says otherwise). */
  readonly host: string;
  /** SQLite file (LUKHAS_MCP_DB). */
  readonly databaseFile: string;
  /** Root of the documents `search`/`fetch` serve and of task commands (LUKHAS_REPO_ROOT). */
  readonly repoRoot: string;
  readonly apiKeys: readonly string[];
  /** Event loop lag p99 above which `/health` answers 503 (LUKHAS_HEALTH_MAX_LAG_MS, ms). */
  readonly healthMaxLagMs: number;
  /** Shortest interval a canary may sample at (LUKHAS_MIN_INTERVAL_MS, ms): core's policy bound. */
  readonly minIntervalMs: number;
}

/** A configuration value the server cannot start with. */
export class ConfigError extends CockpitError<'INVALID_CONFIG'> {
  override readonly name: string = 'ConfigError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INVALID_CONFIG', message, options);
  }
}

const DEFAULT_PORT = 8766;
const DEFAULT_DATABASE_NAME = 'lukhas-mcp.db';
const DEFAULT_HEALTH_MAX_LAG_MS = 1000;
const DEFAULT_MIN_INTERVAL_MS = 1000;
// The interval can be no longer than the longest window (core's POLICY_BOUNDS: 7 days).
const MAX_MIN_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Reads the server configuration from environment variables.
 *
 * @example loadConfig({ PORT: '9009', LUKHAS_MCP_DB: '/data/lukhas-mcp.db' }, '/srv/cockpit')
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ServerConfig {
  const apiKeys = (env.LUKHAS_MCP_API_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  const repoRoot = path.resolve(cwd, env.LUKHAS_REPO_ROOT ?? '.');
  return {
    port: parsePort(env.PORT),
    // Without keys anyone who can reach the port could drive production gates: stay on loopback.
    host: env.HOST ?? (apiKeys.length > 0 ? '0.0.0.0' : '127.0.0.1'),
    databaseFile: parseDatabaseFile(env.LUKHAS_MCP_DB, cwd),
    repoRoot,
    apiKeys,
    healthMaxLagMs: parseMaxLag(env.LUKHAS_HEALTH_MAX_LAG_MS),
    minIntervalMs: parseMinInterval(env.LUKHAS_MIN_INTERVAL_MS),
  };
}

// `scheme://…`: a URL, never a file name (path.resolve would make a folder `postgres:` of it).
const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

function parseDatabaseFile(raw: string | undefined, cwd: string): string {
  const scheme = raw === undefined ? undefined : URL_SCHEME.exec(raw.trim())?.[1];
  if (scheme !== undefined) {
    // Only the scheme is echoed: the rest of a URL may carry a password.
    throw new ConfigError(
      `LUKHAS_MCP_DB must be a SQLite file path, got a ${scheme}:// URL: a PostgreSQL backend is not built ` +
        'yet. Set LUKHAS_MCP_DB to a file such as /var/lib/cockpit/lukhas-mcp.db.',
    );
  }
  return path.resolve(cwd, raw ?? DEFAULT_DATABASE_NAME);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function parseMaxLag(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEALTH_MAX_LAG_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ConfigError(`LUKHAS_HEALTH_MAX_LAG_MS must be a positive number of milliseconds, got "${raw}"`);
  }
  return ms;
}

// Each canary samples at most once per this interval: one canary cannot flood the database.
function parseMinInterval(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_MIN_INTERVAL_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1 || ms > MAX_MIN_INTERVAL_MS) {
    throw new ConfigError(
      `LUKHAS_MIN_INTERVAL_MS must be a whole number of milliseconds from 1 to ${MAX_MIN_INTERVAL_MS}, got "${raw}"`,
    );
  }
  return ms;
}
