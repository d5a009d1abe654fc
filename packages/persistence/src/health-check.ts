/**
 * The database half of `/health`: can we read, and can we write?
 */
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { messageOf } from './persistence-error.ts';
import { toStoredTime } from './stored-time.ts';

/** What `/health` reports about the database. */
export interface StoreHealth {
  /** Reads and writes both work. */
  readonly ok: boolean;
  /** A tiny real write committed. */
  readonly writable: boolean;
  /** Why not, when not ok. */
  readonly error?: string;
}

/** Reads and upserts the `meta` row `health_check`, a tiny real write through Kysely. */
export async function checkHealth(db: Kysely<Database>, now: number = Date.now()): Promise<StoreHealth> {
  try {
    await db.selectFrom('meta').select('key').where('key', '=', 'health_check').executeTakeFirst();
  } catch (error) {
    return { ok: false, writable: false, error: `database not readable: ${messageOf(error)}` };
  }
  try {
    const checkedAt = toStoredTime(now);
    await db
      .insertInto('meta')
      .values({ key: 'health_check', value: checkedAt, updated_at: checkedAt })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet({ value: checkedAt, updated_at: checkedAt }),
      )
      .execute();
  } catch (error) {
    return { ok: false, writable: false, error: `database not writable: ${messageOf(error)}` };
  }
  return { ok: true, writable: true };
}
