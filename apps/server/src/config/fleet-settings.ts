/**
 * What a replica needs to share one database with others (SPEC "Running as a fleet"): its id and
 * how long a canary lease lasts without renewal (`LUKHAS_LEASE_SECONDS`, default 15). A canary
 * whose replica died is taken over within the lease plus one sample interval.
 */
import { ConfigError } from './config-error.ts';
import { parseReplicaId } from './replica-id.ts';

/** The fleet settings of one replica. */
export interface FleetSettings {
  /** LUKHAS_REPLICA_ID, default host name and process id. */
  readonly replicaId: string;
  /** LUKHAS_LEASE_SECONDS × 1000: a lease (and a heartbeat) lasts this long unless renewed. */
  readonly leaseMs: number;
}

const DEFAULT_LEASE_SECONDS = 15;
const MAX_LEASE_SECONDS = 3600;

/**
 * Reads LUKHAS_REPLICA_ID and LUKHAS_LEASE_SECONDS (1 to 3600 seconds; fractions allowed).
 * Throws a {@link ConfigError} naming the variable for a bad value.
 *
 * @example parseFleetSettings({ LUKHAS_LEASE_SECONDS: '6' }) // { replicaId: 'host-42', leaseMs: 6000 }
 */
export function parseFleetSettings(env: Readonly<Record<string, string | undefined>>): FleetSettings {
  const replicaId = parseReplicaId(env);
  const raw = env.LUKHAS_LEASE_SECONDS;
  if (raw === undefined || raw.trim() === '') return { replicaId, leaseMs: DEFAULT_LEASE_SECONDS * 1000 };
  const seconds = Number(raw.trim());
  if (!(Number.isFinite(seconds) && seconds >= 1 && seconds <= MAX_LEASE_SECONDS)) {
    throw new ConfigError(
      `LUKHAS_LEASE_SECONDS must be a number of seconds from 1 to ${MAX_LEASE_SECONDS}, got "${raw}"`,
    );
  }
  return { replicaId, leaseMs: Math.round(seconds * 1000) };
}
