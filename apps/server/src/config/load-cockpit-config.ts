/**
 * `loadCockpitConfig`: the one place that reads the environment. It calls each package's own
 * parser of its variables once, collects every problem, and returns one frozen configuration.
 */
import { parseWebhookSettings, type WebhookSettings } from '@lukhas/canary-engine';
import { type DocumentIndexOptions, parseDocumentIndexSettings } from '@lukhas/documents';
import { type FileOpsSettings, parseFileOpsSettings } from '@lukhas/file-ops';
import { type NotificationSettings, parseNotificationSettings } from '@lukhas/notifications';
import { type DatabaseSetting, parseDatabaseSetting } from '@lukhas/persistence';
import { type PrometheusSettings, parsePrometheusSettings } from '@lukhas/slo-prom';
import { parseTaskSettings, type TaskSettings } from '@lukhas/tasks';
import { parseTrafficRouterSettings, type TrafficRouterSettings } from '@lukhas/traffic-router';
import { parseApiKeys } from './api-keys.ts';
import { createConfigIssues } from './config-issues.ts';
import { deepFreeze } from './deep-freeze.ts';
import { type FleetSettings, parseFleetSettings } from './fleet-settings.ts';
import { type OAuthSettings, parseOAuthSettings } from './oauth-settings.ts';
import { parseSecurityConfig, type SecurityConfig } from './security-config.ts';
import { listenHost, parseRepoRoot, parseServerSettings, type ServerSettings } from './server-settings.ts';

/** Everything the cockpit runs with, read from the environment once at start; frozen. */
export interface CockpitConfig {
  /** PORT, HOST, LUKHAS_REPO_ROOT, LUKHAS_HEALTH_MAX_LAG_MS, LUKHAS_MIN_INTERVAL_MS. */
  readonly server: ServerSettings;
  /** LUKHAS_MCP_DB: a SQLite file, or a `postgres://` URL (its password kept out of `display`). */
  readonly database: DatabaseSetting;
  /** LUKHAS_REPLICA_ID (default host name and pid): this process among replicas of one database. */
  readonly fleet: FleetSettings;
  /** LUKHAS_MCP_API_KEYS, MCP_RL_*, LUKHAS_CORS_ORIGINS, LUKHAS_ALLOWED_HOSTS, LUKHAS_TRUST_PROXY, LUKHAS_MAX_BODY_BYTES. */
  readonly security: SecurityConfig;
  /**
   * LUKHAS_OAUTH_ISSUER, LUKHAS_OAUTH_AUDIENCE, LUKHAS_OAUTH_CLOCK_TOLERANCE_SECONDS,
   * LUKHAS_OAUTH_JWKS_COOLDOWN_SECONDS (with LUKHAS_PUBLIC_URL): bearer JWTs of this issuer are
   * accepted beside the API keys; null: keys only.
   */
  readonly oauth: OAuthSettings | null;
  /** PROM_*: the Prometheus adapter's settings, undefined when PROM_URL is unset (the stub). */
  readonly slo: { readonly prometheus: PrometheusSettings | undefined };
  /** LUKHAS_CANARY_WEBHOOK_*, LUKHAS_WEBHOOK_ALLOW. */
  readonly webhooks: WebhookSettings;
  /** LUKHAS_DOCS_*, with the task file among the denied files. */
  readonly documents: DocumentIndexOptions;
  /**
   * LUKHAS_FILE_OPS, LUKHAS_FILE_OPS_MAX_BYTES, LUKHAS_FILE_OPS_ALLOW (with LUKHAS_REPO_ROOT and the
   * task file denied): the file tools' settings; null (the default) when file operations are off.
   */
  readonly fileOps: FileOpsSettings | null;
  /** LUKHAS_TASKS_FILE (loaded), LUKHAS_MAX_CONCURRENT_JOBS, LUKHAS_JOB_CANCEL_GRACE_MS, LUKHAS_TASK_ENV_ALLOW. */
  readonly tasks: TaskSettings;
  /**
   * LUKHAS_TRAFFIC_ROUTER (unset, webhook, haproxy), LUKHAS_TRAFFIC_WEBHOOK_URL,
   * LUKHAS_HAPROXY_SOCKET, LUKHAS_HAPROXY_BACKEND: what moves the traffic of canaries with steps.
   */
  readonly trafficRouter: TrafficRouterSettings;
  /** LUKHAS_NOTIFY_SLACK_URL, LUKHAS_NOTIFY_EVENTS, LUKHAS_PUBLIC_URL (the cockpit links in messages). */
  readonly notifications: NotificationSettings;
}

/**
 * Reads and checks every variable the cockpit knows. Throws one `ConfigError` naming each bad
 * variable and its value (secrets and URLs excepted), with the parsers' errors as its `cause`.
 * Relative paths (database, repository root, task file) resolve against `cwd`.
 *
 * @example
 * const config = loadCockpitConfig(process.env, process.cwd());
 * config.server.port; // 8766
 */
export function loadCockpitConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): CockpitConfig {
  const issues = createConfigIssues();
  const apiKeys = issues.read(() => parseApiKeys(env));
  // LUKHAS_PUBLIC_URL has one parser (the notifications'); OAuth derives its resource from it.
  // Its problems are reported below, in their usual place among the others.
  const notificationsRead = attempt(() => parseNotificationSettings(env));
  const oauth = issues.read(() => parseOAuthSettings(env, { publicUrl: notificationsRead.value?.publicUrl }));
  const repoRoot = parseRepoRoot(env, cwd);
  const host = listenHost(env, apiKeys ?? [], { oauth: oauth !== null });
  const server = issues.read(() => parseServerSettings(env, { host, repoRoot }));
  const security = issues.read(() => parseSecurityConfig(env, { bindHost: host, apiKeys, oauth }));
  const database = issues.read(() => parseDatabaseSetting(env.LUKHAS_MCP_DB, { cwd }));
  const fleet = issues.read(() => parseFleetSettings(env));
  const slo = issues.read(() => ({ prometheus: parsePrometheusSettings(env) }));
  const webhooks = issues.read(() => parseWebhookSettings(env));
  const tasks = issues.read(() => parseTaskSettings(env, { repoRoot, cwd }));
  const documents = issues.read(() => {
    // The documents share the server's root; the task file holds task `env` secrets: never served,
    // by the path the tasks loaded nor by LUKHAS_TASKS_FILE as the documents resolve it.
    const options = parseDocumentIndexSettings({ ...env, LUKHAS_REPO_ROOT: repoRoot }, cwd);
    const taskFile = tasks?.taskFile?.path;
    return taskFile === undefined
      ? options
      : { ...options, deniedFiles: [...new Set([...(options.deniedFiles ?? []), taskFile])] };
  });
  // The same root and the same denied files as search/fetch: the task file is never read or written.
  const fileOps = issues.read(() =>
    parseFileOpsSettings(env, { repoRoot, deniedFiles: documents?.deniedFiles ?? [] }),
  );
  const trafficRouter = issues.read(() => parseTrafficRouterSettings(env));
  const notifications = issues.read(() => notificationsRead.get());
  return deepFreeze(
    issues.complete({
      server,
      database,
      fleet,
      security,
      oauth,
      slo,
      webhooks,
      documents,
      fileOps,
      tasks,
      trafficRouter,
      notifications,
    }),
  );
}

// A parse run early whose error is reported later: `get()` answers the value or throws the error.
function attempt<Value>(parse: () => Value): { readonly value: Value | undefined; get(): Value } {
  try {
    const value = parse();
    return { value, get: () => value };
  } catch (error) {
    return {
      value: undefined,
      get: () => {
        throw error;
      },
    };
  }
}
