/**
 * Which database a setting names: LUKHAS_MCP_DB for the server, LUKHAS_MCP_DB or `--db` for the
 * CLI. A `postgres://` (or `postgresql://`) URL selects PostgreSQL; anything else is a SQLite file
 * path. One parser, so the server and the CLI read the setting the same way.
 */
import path from 'node:path';
import { PersistenceError } from './persistence-error.ts';
import { isPostgresUrl, parsePostgresUrl } from './postgres-url.ts';

/** The database file when nothing is set: `lukhas-mcp.db` in the working directory. */
export const DEFAULT_DATABASE_FILE = 'lukhas-mcp.db';

/** Where the setting came from and what relative paths resolve against. */
export interface DatabaseSettingOptions {
  /** Base of a relative path (the working directory). */
  readonly cwd: string;
  /** How the setting is named in messages: `LUKHAS_MCP_DB` (default) or `--db`. */
  readonly name?: string;
}

/** A SQLite file: the embedded default. */
export interface SqliteDatabaseSetting {
  readonly kind: 'sqlite';
  /** The absolute path of the file. */
  readonly file: string;
  /** What messages and the start-up line show: the path. */
  readonly display: string;
}

/** A PostgreSQL database, checked to parse (not yet to answer). */
export interface PostgresDatabaseSetting {
  readonly kind: 'postgres';
  /** The URL as given, password included: hand it to the opener, never print it. */
  readonly url: string;
  /** The URL with its password as `***`, for messages and the start-up line. */
  readonly display: string;
}

/** What a database setting selects. */
export type DatabaseSetting = SqliteDatabaseSetting | PostgresDatabaseSetting;

// `scheme://…`: a URL, never a file name (path.resolve would make a folder `postgres:` of it).
const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * The database `raw` names: a `postgres://` URL (checked with `parsePostgresUrl`, so a malformed
 * one throws `INVALID_DATABASE_URL` naming the setting, password shown as `***`), else the
 * absolute path of a SQLite file (default {@link DEFAULT_DATABASE_FILE}). Any other URL scheme
 * throws `INVALID_DATABASE_FILE`, echoing only the scheme.
 *
 * @example
 * parseDatabaseSetting('data/x.db', { cwd: '/srv' }); // { kind: 'sqlite', file: '/srv/data/x.db', … }
 * parseDatabaseSetting('postgres://cockpit:s3cret@db/cockpit', { cwd: '/srv' }).display;
 * // 'postgres://cockpit:***@db/cockpit'
 */
export function parseDatabaseSetting(
  raw: string | undefined,
  options: DatabaseSettingOptions,
): DatabaseSetting {
  const name = options.name ?? 'LUKHAS_MCP_DB';
  if (raw !== undefined && isPostgresUrl(raw)) {
    try {
      return { kind: 'postgres', url: raw.trim(), display: parsePostgresUrl(raw).display };
    } catch (error) {
      if (error instanceof PersistenceError) {
        throw new PersistenceError(error.code, `${name}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
  const scheme = raw === undefined ? undefined : URL_SCHEME.exec(raw.trim())?.[1];
  if (scheme !== undefined) {
    // Only the scheme is echoed: the rest of a URL may carry a password.
    throw new PersistenceError(
      'INVALID_DATABASE_FILE',
      `${name} must be a SQLite file path or a postgres:// URL, got a ${scheme}:// URL. Set ${name} ` +
        'to a file such as /var/lib/cockpit/lukhas-mcp.db, or to postgres://user:password@host:port/database.',
    );
  }
  const file = path.resolve(options.cwd, raw ?? DEFAULT_DATABASE_FILE);
  return { kind: 'sqlite', file, display: file };
}
