/**
 * Everything PostgreSQL-specific lives here: the `pg` pool and how its values come back, the
 * schema flavor (identity columns, double precision, the seed's timestamp default) and what a
 * failed connection means in words. Every other query goes through Kysely's portable builder.
 */
import { type Dialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { messageOf } from './persistence-error.ts';
import type { PostgresSettings } from './postgres-url.ts';
import type { SchemaFlavor } from './schema-flavor.ts';

/** How to reach the server. */
export interface PostgresDialectOptions {
  readonly settings: PostgresSettings;
  /** Connections kept open (default 10). Writes are serialised by the store; reads share the rest. */
  readonly poolSize?: number;
  /** How long opening a connection may take before it fails, in ms (default 10000). */
  readonly connectTimeoutMs?: number;
  /**
   * Hears an error of an idle pooled connection (the server restarted, the network dropped). The
   * pool drops that connection and opens another on the next query; without a listener such an
   * error would end the process.
   */
  readonly onIdleError?: (error: Error) => void;
}

/** The dialect and its pool (for a connection check at open). */
export interface PostgresConnection {
  readonly dialect: Dialect;
  readonly pool: pg.Pool;
}

const INT8_OID = 20;

const pools = new WeakMap<object, pg.Pool>();

/**
 * Remembers the pool under a database its opener built, so the event follower can hold one of its
 * connections for LISTEN (Kysely does not expose the pool).
 */
export function rememberPostgresPool(db: object, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** The pool {@link rememberPostgresPool} recorded for `db`, else undefined (SQLite, or built elsewhere). */
export function postgresPoolOf(db: object): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * A Kysely dialect over a `pg` pool. BIGINT (ids, `COUNT(*)`) reads as a JS number, as SQLite's
 * integers do: ids stay below 2^53 for longer than any cockpit runs.
 */
export function createPostgresDialect(options: PostgresDialectOptions): PostgresConnection {
  const { settings } = options;
  const pool = new pg.Pool({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    ...(settings.password === undefined ? {} : { password: settings.password }),
    ssl: settings.ssl === false ? false : { ...settings.ssl },
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'lukhas-cockpit',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as never,
    },
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return { dialect: new PostgresDialect({ pool }), pool };
}

/** PostgreSQL's spelling of the schema details migrations need. */
export const postgresSchemaFlavor: SchemaFlavor = {
  serialId: {
    type: 'bigint',
    // A sequence never hands out a value twice, even after rows are deleted (SSE clients hold ids).
    // Unlike SQLite's AUTOINCREMENT, a rolled-back insert still uses up its value: ids may have gaps.
    build: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
  },
  float: 'double precision',
  defaultedTimestamp: {
    // The seed's DATETIME is TEXT here as everywhere (see stored-time.ts), in the same format.
    type: 'text',
    build: (column) => column.defaultTo(sql`to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')`),
  },
};

/** SQLSTATE classes and codes a connection attempt fails with, in words an operator can act on. */
const CONNECT_CAUSES: Record<string, (settings: PostgresSettings) => string> = {
  ECONNREFUSED: () => 'connection refused: nothing listens there (is PostgreSQL running, on that port?)',
  ENOTFOUND: () => 'the host name does not resolve',
  EAI_AGAIN: () => 'the host name does not resolve (DNS did not answer)',
  EHOSTUNREACH: () => 'the host is unreachable',
  ETIMEDOUT: () => 'the connection timed out',
  '28P01': (settings) => `password authentication failed for user "${settings.user}"`,
  '3D000': (settings) => `database "${settings.database}" does not exist`,
};

/**
 * Why connecting failed, in words, with pg's own message and code kept when they add something.
 * The password is scrubbed from whatever the driver said.
 */
export function describeConnectError(error: unknown, settings: PostgresSettings): string {
  const code = (error as { code?: unknown } | null)?.code;
  const raw = messageOf(error);
  const known = typeof code === 'string' ? CONNECT_CAUSES[code]?.(settings) : undefined;
  const timedOut = known === undefined && /timeout/i.test(raw) ? 'no answer (connection timeout)' : undefined;
  const text = known ?? timedOut ?? (typeof code === 'string' ? `${raw} (${code})` : raw);
  return settings.password === undefined || settings.password === ''
    ? text
    : text.split(settings.password).join('***');
}
