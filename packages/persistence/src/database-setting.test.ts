import { describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_FILE, parseDatabaseSetting } from './database-setting.ts';
import { isPersistenceError } from './persistence-error.ts';

/** What `parseDatabaseSetting` throws for `raw`. */
function errorOf(raw: string, name?: string): Error {
  try {
    parseDatabaseSetting(raw, { cwd: '/srv', ...(name === undefined ? {} : { name }) });
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected parseDatabaseSetting to throw');
}

describe('parseDatabaseSetting', () => {
  it('resolves a SQLite file against the working directory, lukhas-mcp.db by default', () => {
    expect(parseDatabaseSetting(undefined, { cwd: '/srv' })).toEqual({
      kind: 'sqlite',
      file: `/srv/${DEFAULT_DATABASE_FILE}`,
      display: `/srv/${DEFAULT_DATABASE_FILE}`,
    });
    expect(parseDatabaseSetting('data/x.db', { cwd: '/srv' })).toMatchObject({ file: '/srv/data/x.db' });
    expect(parseDatabaseSetting('/var/lib/c.db', { cwd: '/srv' })).toMatchObject({ file: '/var/lib/c.db' });
    expect(parseDatabaseSetting('data/a:b.db', { cwd: '/srv' })).toMatchObject({ file: '/srv/data/a:b.db' });
  });

  it.each([
    ['postgres://cockpit:s3cret@db.internal:5432/cockpit', 'postgres://cockpit:***@db.internal:5432/cockpit'],
    [' postgresql://cockpit@db/cockpit?sslmode=require', 'postgresql://cockpit@db/cockpit?sslmode=require'],
  ])('selects PostgreSQL for %s, keeping the URL and showing it without its password', (raw, display) => {
    expect(parseDatabaseSetting(raw, { cwd: '/srv' })).toEqual({
      kind: 'postgres',
      url: raw.trim(),
      display,
    });
  });

  it('refuses a malformed postgres:// URL naming the setting, never echoing the password', () => {
    const error = errorOf('postgres://cockpit:s3cret@db.internal:5432/', '--db');
    expect(isPersistenceError(error, 'INVALID_DATABASE_URL')).toBe(true);
    expect(error.message).toBe(
      '--db: Not a usable PostgreSQL URL (postgres://cockpit:***@db.internal:5432/): it must name one ' +
        'database after the host (…/cockpit). Expected postgres://user:password@host:port/database.',
    );
    expect(errorOf('postgres://:s3cret@db/x').message).toMatch(/^LUKHAS_MCP_DB: .*it names no user/);
  });

  it.each([
    ['mysql://cockpit:s3cret@db/cockpit', 'mysql'],
    ['file:///var/lib/cockpit.db', 'file'],
    [' MySQL+TLS://db/x', 'MySQL+TLS'],
  ])('refuses another URL scheme (%s), echoing only its scheme', (raw, scheme) => {
    const error = errorOf(raw, '--db');
    expect(isPersistenceError(error, 'INVALID_DATABASE_FILE')).toBe(true);
    expect(error.message).toContain(
      `--db must be a SQLite file path or a postgres:// URL, got a ${scheme}:// URL`,
    );
    expect(error.message).not.toContain('s3cret');
  });
});
