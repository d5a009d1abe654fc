/**
 * The environment a task starts with: an allow-list of the server's variables, never the whole of
 * it. The cockpit's environment carries its secrets (API keys, `PROM_BEARER`, the webhook secret
 * and URLs with tokens, a database URL); an eval is someone else's code and gets none of them.
 */
import { TaskError } from './task-error.ts';

/**
 * What every task inherits from the server, when set: where programs are, whose home, language,
 * time zone, temporary directory and CA certificates. `LC_*` is a prefix. `NODE_OPTIONS` is left out on purpose: the
 * cockpit's own (`--inspect`, `--max-old-space-size`, `--require` hooks) would apply to a Node
 * task too; a task that needs it sets it in its `env`.
 */
export const TASK_ENV_DEFAULT_ALLOW: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  // Where the trusted CA certificates are: paths, not secrets, and without them a task behind a
  // corporate TLS proxy cannot reach anything. Proxy URLs (HTTPS_PROXY) may carry credentials: opt in.
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
];

/** The variable that adds names (or `PREFIX*`) to {@link TASK_ENV_DEFAULT_ALLOW}. */
export const TASK_ENV_ALLOW_VARIABLE = 'LUKHAS_TASK_ENV_ALLOW';

// The cockpit's own settings: passing them on by name would undo the point of the allow-list.
const COCKPIT_PREFIXES = ['LUKHAS_', 'PROM_', 'MCP_'];
const ENTRY = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

/**
 * The allow-list: the defaults plus `LUKHAS_TASK_ENV_ALLOW` (comma-separated names or `PREFIX*`).
 * Throws an `INVALID_TASK_SETTINGS` {@link TaskError} naming the variable for an entry that is
 * not a name, or that would pass on the cockpit's own `LUKHAS_*`, `PROM_*` or `MCP_*` settings.
 *
 * @example taskEnvAllowList({ LUKHAS_TASK_ENV_ALLOW: 'HF_HOME,CUDA_*' }) // [...defaults, 'HF_HOME', 'CUDA_*']
 */
export function taskEnvAllowList(env: Readonly<Record<string, string | undefined>>): readonly string[] {
  const extra = (env[TASK_ENV_ALLOW_VARIABLE] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of extra) {
    if (!ENTRY.test(entry)) {
      throw new TaskError(
        'INVALID_TASK_SETTINGS',
        `${TASK_ENV_ALLOW_VARIABLE} entry "${entry}" is not a variable name or a PREFIX* (e.g. HF_HOME,CUDA_*)`,
      );
    }
    const name = entry.toUpperCase();
    // `LUKHAS_JOB*` is inside LUKHAS_*; `LU*` covers all of it.
    const covers = (prefix: string) =>
      name.startsWith(prefix) || (name.endsWith('*') && prefix.startsWith(name.slice(0, -1)));
    if (COCKPIT_PREFIXES.some(covers)) {
      throw new TaskError(
        'INVALID_TASK_SETTINGS',
        `${TASK_ENV_ALLOW_VARIABLE} entry "${entry}" would pass the cockpit's own settings (LUKHAS_*, PROM_*, MCP_*) to tasks; put the value in the task's env in the task file instead`,
      );
    }
  }
  return [...TASK_ENV_DEFAULT_ALLOW, ...extra];
}

/**
 * The variables of `env` that `allow` names (exactly, or by a `PREFIX*`): the base environment of
 * every task, before its own `env` and the job variables are added.
 *
 * @example taskBaseEnv(process.env, taskEnvAllowList(process.env)) // { PATH, HOME, LANG, … }
 */
export function taskBaseEnv(
  env: Readonly<Record<string, string | undefined>>,
  allow: readonly string[] = TASK_ENV_DEFAULT_ALLOW,
): Record<string, string> {
  const names = new Set(allow.filter((entry) => !entry.endsWith('*')));
  const prefixes = allow.filter((entry) => entry.endsWith('*')).map((entry) => entry.slice(0, -1));
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (names.has(name) || prefixes.some((prefix) => name.startsWith(prefix))) base[name] = value;
  }
  return base;
}
