/**
 * Opens the cockpit database the way the server does (LUKHAS_MCP_DB, default ./lukhas-mcp.db; a
 * `postgres://` URL selects PostgreSQL), but refuses to create one: a read command on a mistyped
 * path or an empty PostgreSQL database must say so, not answer "nothing".
 */
import { existsSync } from 'node:fs';
import {
  type CockpitDatabaseStore,
  closeDatabase,
  createCockpitStore,
  type DatabaseSetting,
  hasCockpitSchema,
  isPersistenceError,
  migrateToLatest,
  openDatabaseSetting,
  parseDatabaseSetting,
} from '@lukhas/persistence';
import { failure } from './cli-error.ts';
import type { CliIo } from './command.ts';

/** An open store and how to close it. */
export interface OpenStore {
  /** The database as messages show it: the file's path, or the URL without its password. */
  readonly file: string;
  readonly store: CockpitDatabaseStore;
  close(): Promise<void>;
}

/**
 * The database a command uses: `--db`, else LUKHAS_MCP_DB, else ./lukhas-mcp.db; the server's
 * parser (from `@lukhas/persistence`), so both read the setting the same way.
 */
export function databaseSetting(flag: string | undefined, io: CliIo): DatabaseSetting {
  try {
    return parseDatabaseSetting(flag ?? io.env.LUKHAS_MCP_DB, {
      cwd: io.cwd,
      name: flag === undefined ? 'LUKHAS_MCP_DB' : '--db',
    });
  } catch (error) {
    if (isPersistenceError(error)) throw failure(error.message, error);
    throw error;
  }
}

/** Opens and migrates an existing database; every expected failure is a CliError (exit 1). */
export async function openStore(flag: string | undefined, io: CliIo): Promise<OpenStore> {
  const setting = databaseSetting(flag, io);
  const missing = `no cockpit database at ${setting.display}: pass --db PATH (or a postgres:// URL), set LUKHAS_MCP_DB, or run the command where the server keeps lukhas-mcp.db`;
  if (setting.kind === 'sqlite' && !existsSync(setting.file)) throw failure(missing);
  let db: Awaited<ReturnType<typeof openDatabaseSetting>>;
  try {
    db = await openDatabaseSetting(setting);
  } catch (error) {
    if (isPersistenceError(error)) throw failure(error.message, error);
    throw error;
  }
  try {
    // A PostgreSQL database the server never ran on has no cockpit tables: say so, create nothing.
    if (setting.kind === 'postgres' && !(await hasCockpitSchema(db))) {
      throw failure(
        `${missing} (the PostgreSQL database has no cockpit tables: start the server on it first)`,
      );
    }
    await migrateToLatest(db, { file: setting.display });
  } catch (error) {
    await closeDatabase(db).catch(() => {});
    if (isPersistenceError(error)) throw failure(error.message, error);
    throw error;
  }
  return { file: setting.display, store: createCockpitStore(db), close: () => closeDatabase(db) };
}

/** Runs `work` with an open store and always closes it. */
export async function withStore<T>(
  flag: string | undefined,
  io: CliIo,
  work: (store: CockpitDatabaseStore) => Promise<T>,
): Promise<T> {
  const opened = await openStore(flag, io);
  try {
    return await work(opened.store);
  } finally {
    await opened.close();
  }
}
