import { describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_FILE, parseDatabaseFile } from './database-file-setting.ts';
import { isPersistenceError } from './persistence-error.ts';

describe('parseDatabaseFile', () => {
  it('resolves the file against the working directory, lukhas-mcp.db by default', () => {
    expect(parseDatabaseFile(undefined, { cwd: '/srv' })).toBe(`/srv/${DEFAULT_DATABASE_FILE}`);
    expect(parseDatabaseFile('data/x.db', { cwd: '/srv' })).toBe('/srv/data/x.db');
    expect(parseDatabaseFile('/var/lib/c.db', { cwd: '/srv' })).toBe('/var/lib/c.db');
    expect(parseDatabaseFile('data/a:b.db', { cwd: '/srv' })).toBe('/srv/data/a:b.db');
  });

  it('refuses a URL naming the setting, without echoing more than its scheme', () => {
    let caught: unknown;
    try {
      parseDatabaseFile('postgres://cockpit:s3cret@db/cockpit', { cwd: '/srv', name: '--db' });
    } catch (error) {
      caught = error;
    }
    expect(isPersistenceError(caught, 'INVALID_DATABASE_FILE')).toBe(true);
    expect((caught as Error).message).toContain('--db must be a SQLite file path, got a postgres:// URL');
    expect((caught as Error).message).not.toContain('s3cret');
  });
});
