/**
 * Brings a database to this version's schema with Kysely's Migrator, and refuses a database
 * written by a newer version before touching it.
 */
import { DEFAULT_MIGRATION_TABLE, type Kysely, Migrator } from 'kysely';
import type { Database } from './database-schema.ts';
import { cockpitMigrations } from './migrations/cockpit-migrations.ts';
import { messageOf, PersistenceError } from './persistence-error.ts';
import { type SchemaFlavor, schemaFlavorOf } from './schema-flavor.ts';
import { sqliteSchemaFlavor } from './sqlite-dialect.ts';

/** What to migrate. */
export interface MigrateOptions {
  /** The database file, named in error messages. */
  readonly file?: string;
  /** The dialect's schema flavor (default: the one the database was opened with, else SQLite). */
  readonly flavor?: SchemaFlavor;
}

/** What a migration run did. */
export interface MigrationReport {
  /** Names of the migrations applied by this run, in order; empty when the schema was current. */
  readonly applied: readonly string[];
}

/**
 * Applies every migration the database lacks; re-running is a no-op. Throws a
 * `DATABASE_FROM_NEWER_VERSION` PersistenceError, before changing anything, when the database
 * records migrations this version does not know.
 *
 * @example
 * const db = openDatabase({ file: 'cockpit.db' });
 * const { applied } = await migrateToLatest(db, { file: 'cockpit.db' });
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const database = options.file === undefined ? 'database' : `database ${options.file}`;
  const migrations = cockpitMigrations(options.flavor ?? schemaFlavorOf(db) ?? sqliteSchemaFlavor);
  const unknown = await unknownMigrations(db, Object.keys(migrations));
  if (unknown.length > 0) {
    throw new PersistenceError(
      'DATABASE_FROM_NEWER_VERSION',
      `The ${database} was written by a newer version of the cockpit: it records migration(s) ` +
        `${unknown.join(', ')} that this version does not know. Nothing was changed. Upgrade the ` +
        'cockpit, or point LUKHAS_MCP_DB at another database file.',
    );
  }

  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new PersistenceError(
      'MIGRATION_FAILED',
      `Migrating the ${database} failed at ${failed}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
  };
}

/**
 * True when the database has been migrated at least once (it records migrations): a reader that
 * must not create a cockpit database (the CLI) checks this before `migrateToLatest`.
 */
export async function hasCockpitSchema(db: Kysely<Database>): Promise<boolean> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  return tables.some((table) => table.name === DEFAULT_MIGRATION_TABLE);
}

/** Names recorded in the database's migration table that are not among `known`, read without writing. */
async function unknownMigrations(db: Kysely<Database>, known: readonly string[]): Promise<string[]> {
  if (!(await hasCockpitSchema(db))) return [];
  const recorded = await db
    .withTables<{ [DEFAULT_MIGRATION_TABLE]: { name: string } }>()
    .selectFrom(DEFAULT_MIGRATION_TABLE)
    .select('name')
    .orderBy('name')
    .execute();
  const knownNames = new Set(known);
  return recorded.map((row) => row.name).filter((name) => !knownNames.has(name));
}
