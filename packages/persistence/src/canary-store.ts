/**
 * Reads of the `canaries`, `canary_metrics` and `models` tables.
 */
import { CANARY_LIST_LIMIT, type CanaryStore } from '@lukhas/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { clampLimit } from './page-limit.ts';
import { rowToCanary, rowToModel, rowToSample } from './row-mapping.ts';
import { toStoredTime } from './stored-time.ts';

// The page bounds are the port's (core); kept exported here for the package's callers.
export { CANARY_LIST_LIMIT };

/** The canary, sample and model reads over `db`. */
export function createCanaryStore(db: Kysely<Database>): CanaryStore {
  return {
    async getCanary(canaryId) {
      const row = await db.selectFrom('canaries').selectAll().where('id', '=', canaryId).executeTakeFirst();
      return row === undefined ? undefined : rowToCanary(row);
    },

    async listCanaries(filter = {}) {
      let query = db.selectFrom('canaries').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.modelId !== undefined) query = query.where('model_id', '=', filter.modelId);
      const { before } = filter;
      if (before !== undefined) {
        // Keyset: after `before` in (created_at desc, id desc) order; an unknown id lists nothing.
        const createdAt = db.selectFrom('canaries').select('created_at').where('id', '=', before);
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', createdAt),
            eb.and([eb('created_at', '=', createdAt), eb('id', '<', before)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(clampLimit(filter.limit, CANARY_LIST_LIMIT.default, CANARY_LIST_LIMIT.max))
        .execute();
      return rows.map(rowToCanary);
    },

    async canariesInStatus(statuses) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom('canaries')
        .selectAll()
        .where('status', 'in', statuses)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(rowToCanary);
    },

    async samplesOf(canaryId) {
      const rows = await db
        .selectFrom('canary_metrics')
        .selectAll()
        .where('canary_id', '=', canaryId)
        .orderBy('seq', 'asc')
        .execute();
      return rows.map(rowToSample);
    },

    async samplesOfModel({ modelId, from, to }) {
      const rows = await db
        .selectFrom('canary_metrics')
        .selectAll()
        .where('model_id', '=', modelId)
        .where('created_at', '>=', toStoredTime(from))
        .where('created_at', '<=', toStoredTime(to))
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(rowToSample);
    },

    async getModel(modelId) {
      const row = await db
        .selectFrom('models')
        .selectAll()
        .where('model_id', '=', modelId)
        .executeTakeFirst();
      return row === undefined ? undefined : rowToModel(row);
    },
  };
}
