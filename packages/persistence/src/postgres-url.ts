/**
 * The PostgreSQL connection string: `postgres://user:pass@host:port/db` (or `postgresql://`) into
 * the settings `pg` needs. The password is never echoed: errors and {@link PostgresSettings.display}
 * show `***` in its place.
 */
import { PersistenceError } from './persistence-error.ts';

/** What a connection string names. */
export interface PostgresSettings {
  /** A host name or address, or a Unix socket folder (`%2Fvar%2Frun%2Fpostgresql` in the URL). */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** Absent when the URL has none (trust, peer or a `.pgpass` file). */
  readonly password?: string;
  /** TLS: off (`sslmode=disable`, the default), on without checking the certificate (`require`), or on and checked (`verify-full`). */
  readonly ssl: false | { readonly rejectUnauthorized: boolean };
  /** The URL with the password replaced by `***`, for messages and logs. */
  readonly display: string;
}

const SCHEMES = new Set(['postgres:', 'postgresql:']);
const SSL_MODES: Record<string, PostgresSettings['ssl']> = {
  disable: false,
  require: { rejectUnauthorized: false },
  'verify-full': { rejectUnauthorized: true },
};
const DEFAULT_PORT = 5432;

/** True when `text` is a `postgres://` or `postgresql://` URL (the setting selects PostgreSQL). */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(text.trim());
}

/**
 * `text` with any password in it replaced by `***`: `postgres://u:***@h/db`. Works on text that
 * does not parse as a URL too, so an error about a malformed URL can still show it.
 */
export function redactPostgresUrl(text: string): string {
  // Up to the LAST `@`: a raw `@` inside the password must not leave its tail visible.
  return text.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/[^:@/]*:).*@/i, '$1***@');
}

/**
 * The settings of a `postgres://` URL. Throws an `INVALID_DATABASE_URL` {@link PersistenceError}
 * naming what is wrong (the URL shown without its password).
 *
 * @example
 * parsePostgresUrl('postgres://cockpit:s3cret@db.internal:5433/cockpit');
 * // { host: 'db.internal', port: 5433, database: 'cockpit', user: 'cockpit', password: 's3cret',
 * //   ssl: false, display: 'postgres://cockpit:***@db.internal:5433/cockpit' }
 */
export function parsePostgresUrl(text: string): PostgresSettings {
  const display = redactPostgresUrl(text.trim());
  const invalid = (why: string) =>
    new PersistenceError(
      'INVALID_DATABASE_URL',
      `Not a usable PostgreSQL URL (${display}): ${why}. Expected postgres://user:password@host:port/database.`,
    );
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw invalid('it does not parse as a URL');
  }
  if (!SCHEMES.has(url.protocol)) throw invalid(`the scheme must be postgres:// or postgresql://`);
  // `[::1]` is how a URL writes an IPv6 address; pg wants it bare.
  const host = decode(url.hostname, 'host', invalid).replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw invalid('it names no host');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const database = decode(url.pathname.replace(/^\//, ''), 'database', invalid);
  if (database === '' || database.includes('/'))
    throw invalid('it must name one database after the host (…/cockpit)');
  const user = decode(url.username, 'user', invalid);
  if (user === '') throw invalid('it names no user (postgres://user@host/database)');
  const password = url.password === '' ? undefined : decode(url.password, 'password', invalid);
  return {
    host,
    port,
    database,
    user,
    ...(password === undefined ? {} : { password }),
    ssl: sslOf(url.searchParams, invalid),
    display: redactPostgresUrl(url.toString()),
  };
}

function sslOf(params: URLSearchParams, invalid: (why: string) => PersistenceError): PostgresSettings['ssl'] {
  const unknown = [...params.keys()].filter((key) => key !== 'sslmode');
  if (unknown.length > 0) throw invalid(`unknown parameter(s) ${unknown.join(', ')}; only sslmode is read`);
  const mode = params.get('sslmode') ?? 'disable';
  const ssl = SSL_MODES[mode];
  if (ssl === undefined) throw invalid(`sslmode must be one of ${Object.keys(SSL_MODES).join(', ')}`);
  return ssl;
}

// Percent-escapes let a user or password hold `@`, `:` or `/`, and a host be a socket folder.
function decode(part: string, name: string, invalid: (why: string) => PersistenceError): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`its ${name} has a broken %-escape`);
  }
}
