/**
 * Opening a PostgreSQL database: parse the URL, build the pool, and prove it works with one round
 * trip, so a wrong host, port, password or database fails at start with a message naming the host
 * and the cause (never the password).
 */
import { Kysely, type KyselyPlugin } from 'kysely';
import type { Database } from './database-schema.ts';
import { PersistenceError } from './persistence-error.ts';
import {
  createPostgresDialect,
  describeConnectError,
  postgresSchemaFlavor,
  rememberPostgresPool,
} from './postgres-dialect.ts';
import { parsePostgresUrl } from './postgres-url.ts';
import { rememberSchemaFlavor } from './schema-flavor.ts';

/** Where the database is and how to reach it. */
export interface OpenPostgresOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://`), `?sslmode=` optional. */
  readonly url: string;
  /** Connections kept open (default 10). */
  readonly poolSize?: number;
  /** How long opening a connection may take, in ms (default 10000). */
  readonly connectTimeoutMs?: number;
  /** Kysely plugins applied to every query (logging, tests that pause a query). */
  readonly plugins?: readonly KyselyPlugin[];
  /** Hears errors of idle pooled connections (the pool replaces them); see `postgres-dialect.ts`. */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * Connects to PostgreSQL and checks the connection with `SELECT 1`. Throws `INVALID_DATABASE_URL`
 * for a malformed URL and `OPEN_FAILED` when the server cannot be reached or refuses us, e.g.
 * `Cannot connect to PostgreSQL at db.internal:5432 (postgres://cockpit:***@db.internal:5432/cockpit):
 * password authentication failed for user "cockpit"`. Run `migrateToLatest(db)` next; it picks the
 * PostgreSQL schema flavor by itself.
 *
 * @example
 * const db = await openPostgresDatabase({ url: process.env.LUKHAS_MCP_DB });
 * await migrateToLatest(db, { file: 'postgres://cockpit@db/cockpit' });
 */
export async function openPostgresDatabase(options: OpenPostgresOptions): Promise<Kysely<Database>> {
  const settings = parsePostgresUrl(options.url);
  const { dialect, pool } = createPostgresDialect({
    settings,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.onIdleError === undefined ? {} : { onIdleError: options.onIdleError }),
  });
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new PersistenceError(
      'OPEN_FAILED',
      `Cannot connect to PostgreSQL at ${settings.host}:${settings.port} (${settings.display}): ` +
        describeConnectError(error, settings),
    );
  }
  const db = new Kysely<Database>({ dialect, plugins: [...(options.plugins ?? [])] });
  rememberSchemaFlavor(db, postgresSchemaFlavor);
  rememberPostgresPool(db, pool);
  return db;
}
