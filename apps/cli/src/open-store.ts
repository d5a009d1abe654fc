/**
 * Opens the cockpit database the way the server does (LUKHAS_MCP_DB, default ./lukhas-mcp.db),
 * but refuses to create one: a read command on a mistyped path must say so, not answer "nothing".
 */
import { existsSync } from 'node:fs';
import {
  type CockpitDatabaseStore,
  closeDatabase,
  createCockpitStore,
  isPersistenceError,
  migrateToLatest,
  openDatabase,
  parseDatabaseFile,
} from '@lukhas/persistence';
import { failure } from './cli-error.ts';
import type { CliIo } from './command.ts';

/** An open store and how to close it. */
export interface OpenStore {
  readonly file: string;
  readonly store: CockpitDatabaseStore;
  close(): Promise<void>;
}

/**
 * The database file a command uses: `--db`, else LUKHAS_MCP_DB, else ./lukhas-mcp.db; a URL is
 * refused as the server refuses it (the same parser, from `@lukhas/persistence`).
 */
export function databaseFile(flag: string | undefined, io: CliIo): string {
  try {
    return parseDatabaseFile(flag ?? io.env.LUKHAS_MCP_DB, {
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
  const file = databaseFile(flag, io);
  if (!existsSync(file)) {
    throw failure(
      `no cockpit database at ${file}: pass --db PATH, set LUKHAS_MCP_DB, or run the command where the server keeps lukhas-mcp.db`,
    );
  }
  const db = openDatabase({ file });
  try {
    await migrateToLatest(db, { file });
  } catch (error) {
    await closeDatabase(db).catch(() => {});
    if (isPersistenceError(error)) throw failure(error.message, error);
    throw error;
  }
  return { file, store: createCockpitStore(db), close: () => closeDatabase(db) };
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
