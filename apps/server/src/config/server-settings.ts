/**
 * The server's own variables: where it listens, the repository root, and the two limits it
 * enforces itself (the /health lag limit and the shortest canary interval).
 */
import path from 'node:path';
import { ConfigError } from './config-error.ts';
import { createConfigIssues } from './config-issues.ts';

/** How the server listens and what it serves from. */
export interface ServerSettings {
  /** PORT, default 8766; 0 picks a free port. */
  readonly port: number;
  /** Interface to listen on (HOST): loopback unless API keys are configured. */
  readonly host: string;
  /** Root of the documents `search`/`fetch` serve and of task commands (LUKHAS_REPO_ROOT). */
  readonly repoRoot: string;
  /** Event loop lag p99 above which `/health` answers 503 (LUKHAS_HEALTH_MAX_LAG_MS, ms). */
  readonly healthMaxLagMs: number;
  /** Shortest interval a canary may sample at (LUKHAS_MIN_INTERVAL_MS, ms): core's policy bound. */
  readonly minIntervalMs: number;
}

/** What the server settings depend on, read before them. */
export interface ServerSettingsOptions {
  /** From {@link listenHost}. */
  readonly host: string;
  /** From {@link parseRepoRoot}. */
  readonly repoRoot: string;
}

const DEFAULT_PORT = 8766;
const DEFAULT_HEALTH_MAX_LAG_MS = 1000;
const DEFAULT_MIN_INTERVAL_MS = 1000;
// The interval can be no longer than the longest window (core's POLICY_BOUNDS: 7 days).
const MAX_MIN_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Reads PORT, LUKHAS_HEALTH_MAX_LAG_MS and LUKHAS_MIN_INTERVAL_MS; throws a {@link ConfigError}
 * naming every bad one with its value.
 *
 * @example parseServerSettings({ PORT: '9009' }, { host: '127.0.0.1', repoRoot: '/srv' }).port // 9009
 */
export function parseServerSettings(
  env: Readonly<Record<string, string | undefined>>,
  options: ServerSettingsOptions,
): ServerSettings {
  const issues = createConfigIssues();
  const port = issues.read(() => parsePort(env.PORT));
  const healthMaxLagMs = issues.read(() => parseMaxLag(env.LUKHAS_HEALTH_MAX_LAG_MS));
  const minIntervalMs = issues.read(() => parseMinInterval(env.LUKHAS_MIN_INTERVAL_MS));
  const { host, repoRoot } = options;
  return issues.complete({ port, host, repoRoot, healthMaxLagMs, minIntervalMs });
}

/**
 * The interface to listen on: HOST, else all interfaces once API keys (or an OAuth issuer) are set, else loopback:
 * without keys anyone who can reach the port could drive production gates.
 */
export function listenHost(
  env: Readonly<Record<string, string | undefined>>,
  apiKeys: readonly unknown[],
  options: { readonly oauth?: boolean } = {},
): string {
  const credentialsSet = apiKeys.length > 0 || options.oauth === true;
  return env.HOST ?? (credentialsSet ? '0.0.0.0' : '127.0.0.1');
}

/** LUKHAS_REPO_ROOT resolved against the working directory (default: the working directory). */
export function parseRepoRoot(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  return path.resolve(cwd, env.LUKHAS_REPO_ROOT ?? '.');
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
