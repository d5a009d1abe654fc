/**
 * LUKHAS_REPLICA_ID: the name this process goes by among replicas sharing one database (`/health`
 * `fleet.replicaId`; canary leases will record it). Default: the host name and the process id,
 * unique on one host and across the pods of a Deployment.
 */
import { hostname } from 'node:os';
import { ConfigError } from './config-error.ts';

/** Where the default comes from (tests pass their own). */
export interface ReplicaIdDefaults {
  readonly hostname: string;
  readonly pid: number;
}

// The characters of an SSE entity id: safe in logs, metrics labels and URLs.
const REPLICA_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The replica id: LUKHAS_REPLICA_ID, else `<host name>-<pid>` (characters outside
 * `A-Z a-z 0-9 _ . : -` in the host name become `_`). Throws a {@link ConfigError} for a set
 * value that is not 1–128 of those characters.
 *
 * @example parseReplicaId({}, { hostname: 'cockpit-0', pid: 4242 }) // 'cockpit-0-4242'
 */
export function parseReplicaId(
  env: Readonly<Record<string, string | undefined>>,
  defaults: ReplicaIdDefaults = { hostname: hostname(), pid: process.pid },
): string {
  const raw = env.LUKHAS_REPLICA_ID;
  if (raw === undefined || raw.trim() === '') {
    return `${defaults.hostname.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 100) || 'host'}-${defaults.pid}`;
  }
  const replicaId = raw.trim();
  if (!REPLICA_ID.test(replicaId)) {
    throw new ConfigError(
      `LUKHAS_REPLICA_ID must be 1 to 128 characters from A-Z a-z 0-9 _ . : -, got "${raw}"`,
    );
  }
  return replicaId;
}
