/**
 * Which SQLite file a database setting names: LUKHAS_MCP_DB for the server, LUKHAS_MCP_DB or
 * `--db` for the CLI. One parser, so both refuse a URL the same way.
 */
import path from 'node:path';
import { PersistenceError } from './persistence-error.ts';

/** The database file when nothing is set: `lukhas-mcp.db` in the working directory. */
export const DEFAULT_DATABASE_FILE = 'lukhas-mcp.db';

/** Where the setting came from and what relative paths resolve against. */
export interface DatabaseFileOptions {
  /** Base of a relative path (the working directory). */
  readonly cwd: string;
  /** How the setting is named in the message: `LUKHAS_MCP_DB` (default) or `--db`. */
  readonly name?: string;
}

// `scheme://…`: a URL, never a file name (path.resolve would make a folder `postgres:` of it).
const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * The absolute path of the database file `raw` names (default {@link DEFAULT_DATABASE_FILE}).
 * Throws an `INVALID_DATABASE_FILE` {@link PersistenceError} for a URL such as `postgres://…`:
 * only SQLite files are supported until a PostgreSQL backend is built. Only the scheme is echoed.
 *
 * @example parseDatabaseFile('data/x.db', { cwd: '/srv' }) // '/srv/data/x.db'
 */
export function parseDatabaseFile(raw: string | undefined, options: DatabaseFileOptions): string {
  const name = options.name ?? 'LUKHAS_MCP_DB';
  const scheme = raw === undefined ? undefined : URL_SCHEME.exec(raw.trim())?.[1];
  if (scheme !== undefined) {
    // Only the scheme is echoed: the rest of a URL may carry a password.
    throw new PersistenceError(
      'INVALID_DATABASE_FILE',
      `${name} must be a SQLite file path, got a ${scheme}:// URL: a PostgreSQL backend is not built ` +
        `yet. Set ${name} to a file such as /var/lib/cockpit/lukhas-mcp.db.`,
    );
  }
  return path.resolve(options.cwd, raw ?? DEFAULT_DATABASE_FILE);
}
