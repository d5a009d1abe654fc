/**
 * Opens whichever database a setting selects (`parseDatabaseSetting`): the SQLite file, or the
 * PostgreSQL server, checked with one round trip. The one opener the server and the CLI share.
 */
import type { Kysely } from 'kysely';
import type { DatabaseFileProblem } from './database-file-watch.ts';
import type { Database } from './database-schema.ts';
import type { DatabaseSetting } from './database-setting.ts';
import { openDatabase } from './open-database.ts';
import { openPostgresDatabase } from './open-postgres.ts';

/** What either backend may report while it runs. */
export interface OpenDatabaseSettingOptions {
  /** SQLite: the file was deleted, replaced or truncated (see `openDatabase`). */
  readonly onFileProblem?: (problem: DatabaseFileProblem) => void;
  /** PostgreSQL: an idle pooled connection broke (the pool replaces it). */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * The open database `setting` names, not yet migrated. PostgreSQL that cannot be reached or
 * refuses us rejects with `OPEN_FAILED` naming the host and the cause (never the password), before
 * anything is created; a SQLite file is created when missing, as `openDatabase` always has.
 *
 * @example
 * const setting = parseDatabaseSetting(process.env.LUKHAS_MCP_DB, { cwd: process.cwd() });
 * const db = await openDatabaseSetting(setting);
 * await migrateToLatest(db, { file: setting.display });
 */
export async function openDatabaseSetting(
  setting: DatabaseSetting,
  options: OpenDatabaseSettingOptions = {},
): Promise<Kysely<Database>> {
  if (setting.kind === 'postgres') {
    return openPostgresDatabase({
      url: setting.url,
      ...(options.onIdleError === undefined ? {} : { onIdleError: options.onIdleError }),
    });
  }
  return openDatabase({
    file: setting.file,
    ...(options.onFileProblem === undefined ? {} : { onFileProblem: options.onFileProblem }),
  });
}
