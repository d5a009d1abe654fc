/**
 * The database half of `/health`: can we read, and can we write? Read-only: the files are
 * stat'ed, one row is read, and writability is what the latest real write said (a probe writes
 * only when nothing wrote for a minute; see `database-writability.ts`).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.ts';
import { storageStateOf } from './open-database.ts';
import { messageOf } from './persistence-error.ts';
import { postgresSchemaFlavor } from './postgres-dialect.ts';
import { schemaFlavorOf } from './schema-flavor.ts';

/** What `/health` reports about the database. */
export interface StoreHealth {
  /** Reads and writes both work. */
  readonly ok: boolean;
  /** The latest write (or writability probe) committed, and the files are the ones opened. */
  readonly writable: boolean;
  /** Why not, when not ok. */
  readonly error?: string;
  /** The checks this backend does not run, and why (PostgreSQL: the SQLite file checks). */
  readonly skipped?: string;
}

/** Why `/health` runs no file watch or writability probe on PostgreSQL. */
export const POSTGRES_SKIPPED_CHECKS =
  'file watch and writability probe skipped: they watch a SQLite file; PostgreSQL reports a failed ' +
  "write in that write's own error, and a read-only server (a standby) is checked instead";

/** Checks the files, reads the `meta` row `health_check`, and reports the latest write outcome. */
export async function checkHealth(db: Kysely<Database>): Promise<StoreHealth> {
  const storage = storageStateOf(db);
  const problem = storage?.watch?.problem() ?? null;
  if (problem !== null)
    return { ok: false, writable: false, error: `database unavailable: ${problem.reason}` };
  try {
    await db.selectFrom('meta').select('key').where('key', '=', 'health_check').executeTakeFirst();
  } catch (error) {
    return { ok: false, writable: false, error: `database not readable: ${messageOf(error)}` };
  }
  if (schemaFlavorOf(db) === postgresSchemaFlavor) return checkPostgresWritable(db);
  // A database not opened by openDatabase has no driver reporting writes: the read must do.
  const writability: { writable: boolean; reason?: string } =
    storage === undefined ? { writable: true } : await storage.writability.refresh();
  if (!writability.writable) {
    return { ok: false, writable: false, error: `database not writable: ${writability.reason ?? 'unknown'}` };
  }
  return { ok: true, writable: true };
}

// A standby (or `default_transaction_read_only`) would refuse every write: say so before one fails.
async function checkPostgresWritable(db: Kysely<Database>): Promise<StoreHealth> {
  try {
    const { rows } = await sql<{
      readOnly: string;
    }>`SELECT current_setting('transaction_read_only') AS "readOnly"`.execute(db);
    if (rows[0]?.readOnly === 'on') {
      return {
        ok: false,
        writable: false,
        error:
          'database not writable: the PostgreSQL server only allows reads (a standby, or default_transaction_read_only)',
        skipped: POSTGRES_SKIPPED_CHECKS,
      };
    }
  } catch (error) {
    return {
      ok: false,
      writable: false,
      error: `database not readable: ${messageOf(error)}`,
      skipped: POSTGRES_SKIPPED_CHECKS,
    };
  }
  return { ok: true, writable: true, skipped: POSTGRES_SKIPPED_CHECKS };
}
