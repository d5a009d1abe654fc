import { describe, expect, it } from 'vitest';
import { isPersistenceError } from './persistence-error.ts';
import { isPostgresUrl, parsePostgresUrl, redactPostgresUrl } from './postgres-url.ts';

describe('parsePostgresUrl', () => {
  it('reads user, password, host, port and database, and shows the URL without the password', () => {
    expect(parsePostgresUrl('postgres://cockpit:s3cret@db.internal:5433/cockpit')).toEqual({
      host: 'db.internal',
      port: 5433,
      database: 'cockpit',
      user: 'cockpit',
      password: 's3cret',
      ssl: false,
      display: 'postgres://cockpit:***@db.internal:5433/cockpit',
    });
  });

  it('accepts postgresql://, the default port, no password, %-escapes, IPv6 and socket folders', () => {
    expect(parsePostgresUrl('postgresql://ops@db/cockpit')).toMatchObject({
      host: 'db',
      port: 5432,
      user: 'ops',
    });
    expect(parsePostgresUrl('postgresql://ops@db/cockpit')).not.toHaveProperty('password');
    expect(parsePostgresUrl('postgres://a%40b:p%2Fq%40r@[::1]:6000/c')).toMatchObject({
      host: '::1',
      user: 'a@b',
      password: 'p/q@r',
      display: 'postgres://a%40b:***@[::1]:6000/c',
    });
    expect(parsePostgresUrl('postgres://ops@%2Fvar%2Frun%2Fpostgresql/cockpit').host).toBe(
      '/var/run/postgresql',
    );
  });

  it('maps sslmode to pg TLS settings', () => {
    expect(parsePostgresUrl('postgres://u@h/d?sslmode=require').ssl).toEqual({ rejectUnauthorized: false });
    expect(parsePostgresUrl('postgres://u@h/d?sslmode=verify-full').ssl).toEqual({
      rejectUnauthorized: true,
    });
    expect(parsePostgresUrl('postgres://u@h/d?sslmode=disable').ssl).toBe(false);
  });

  it.each([
    ['postgres:///cockpit', 'names no host'],
    ['postgres://cockpit:s3cret@/cockpit', 'does not parse'],
    ['postgres://cockpit:s3cret@db:5432', 'must name one database'],
    ['postgres://cockpit:s3cret@db:5432/a/b', 'must name one database'],
    ['postgres://db:5432/cockpit', 'names no user'],
    ['postgres://cockpit:s3cret@db:99999/cockpit', 'does not parse'],
    [
      'postgres://cockpit:s3cret@db/cockpit?sslmode=prefer',
      'sslmode must be one of disable, require, verify-full',
    ],
    ['postgres://cockpit:s3cret@db/cockpit?timeout=5', 'unknown parameter(s) timeout'],
    ['mysql://cockpit:s3cret@db/cockpit', 'postgres:// or postgresql://'],
    ['postgres://cockpit:s3cret@db/co%zzkpit', 'broken %-escape'],
  ])('refuses %s, saying why and never showing the password', (url, why) => {
    let caught: unknown;
    try {
      parsePostgresUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(isPersistenceError(caught, 'INVALID_DATABASE_URL')).toBe(true);
    expect((caught as Error).message).toContain(why);
    expect((caught as Error).message).not.toContain('s3cret');
  });
});

describe('isPostgresUrl and redactPostgresUrl', () => {
  it('tells a PostgreSQL URL from a file path', () => {
    expect(isPostgresUrl(' postgres://u@h/d')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://u@h/d')).toBe(true);
    expect(isPostgresUrl('/var/lib/cockpit/postgres.db')).toBe(false);
  });

  it('hides the password even in text that is no URL', () => {
    expect(redactPostgresUrl('postgres://u:pa:ss@h:1/d')).toBe('postgres://u:***@h:1/d');
    expect(redactPostgresUrl('postgres://u:p@ss@h/d')).toBe('postgres://u:***@h/d');
    expect(redactPostgresUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
  });
});
