/**
 * Reads of the `events` table: what SSE replays after a reconnect with `Last-Event-ID`.
 */
import type { EventLog } from '@lukhas/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { clampLimit } from './page-limit.ts';
import { rowToEvent } from './row-mapping.ts';

/** How many events `eventsAfter` returns by default, and at most. */
export const EVENT_PAGE_LIMIT = { default: 1000, max: 10_000 } as const;

/** The event log reads over `db`. */
export function createEventLog(db: Kysely<Database>): EventLog {
  return {
    async eventsAfter({ afterId, selection, limit }) {
      const kinds = selection.kinds ?? [];
      const topics = selection.topics ?? [];
      if (selection.all !== true && kinds.length === 0 && topics.length === 0) return [];
      let query = db.selectFrom('events').selectAll().where('id', '>', afterId);
      if (selection.all !== true) {
        // The parts of a selection are alternatives: `jobs` + `canary/c1` wants either.
        query = query.where((where) =>
          where.or([
            ...(kinds.length > 0 ? [where('kind', 'in', kinds)] : []),
            ...(topics.length > 0 ? [where('topic', 'in', topics)] : []),
          ]),
        );
      }
      const rows = await query
        .orderBy('id', 'asc')
        .limit(clampLimit(limit, EVENT_PAGE_LIMIT.default, EVENT_PAGE_LIMIT.max))
        .execute();
      return rows.map(rowToEvent);
    },

    async lastEventId() {
      const row = await db
        .selectFrom('events')
        .select((select) => select.fn.max('id').as('id'))
        .executeTakeFirst();
      return row?.id ?? 0;
    },

    async firstEventId() {
      const row = await db
        .selectFrom('events')
        .select((select) => select.fn.min('id').as('id'))
        .executeTakeFirst();
      return row?.id ?? undefined;
    },
  };
}
