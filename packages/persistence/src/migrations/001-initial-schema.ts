/**
 * The first schema: the seed tables (so the seed SQL runs verbatim), the model gates, the
 * structured and narrative audit trails, the SSE event log and a small meta table.
 */
import type { Kysely, Migration } from 'kysely';
import type { SchemaFlavor } from '../schema-flavor.ts';

/** Creates every table and index of the first version. */
export function initialSchema(flavor: SchemaFlavor): Migration {
  const { serialId, float, defaultedTimestamp } = flavor;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('jobs')
        .addColumn('job_id', 'text', (column) => column.primaryKey())
        .addColumn('task_id', 'text', (column) => column.notNull())
        .addColumn('config_id', 'text')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('progress', float)
        .addColumn('message', 'text')
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('details', 'text')
        .addColumn('operator', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('jobs_status_idx').on('jobs').column('status').execute();
      await db.schema.createIndex('jobs_created_at_idx').on('jobs').column('created_at').execute();

      await db.schema
        .createTable('canaries')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('model_id', 'text', (column) => column.notNull())
        .addColumn('from_gate', 'text', (column) => column.notNull())
        .addColumn('to_gate', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('policy', 'text', (column) => column.notNull())
        .addColumn('webhooks', 'text')
        .addColumn('operator', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addColumn('started_at', 'text', (column) => column.notNull())
        .addColumn('window_ends_at', 'text', (column) => column.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('decision', 'text')
        .addColumn('decision_rule', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('decision_math', 'text')
        .execute();
      await db.schema.createIndex('canaries_status_idx').on('canaries').column('status').execute();
      await db.schema.createIndex('canaries_model_id_idx').on('canaries').column('model_id').execute();
      await db.schema.createIndex('canaries_created_at_idx').on('canaries').column('created_at').execute();

      await db.schema
        .createTable('canary_metrics')
        .addColumn('id', serialId.type, serialId.build)
        .addColumn('canary_id', 'text', (column) => column.notNull().references('canaries.id'))
        .addColumn('model_id', 'text', (column) => column.notNull())
        .addColumn('gate', 'text', (column) => column.notNull())
        .addColumn('seq', 'integer', (column) => column.notNull())
        .addColumn('latency_p95_ms', float)
        .addColumn('error_rate', float)
        .addColumn('drift', float)
        .addColumn('observed', 'text', (column) => column.notNull())
        .addColumn('fallback', 'integer', (column) => column.notNull())
        .addColumn('fallback_reasons', 'text', (column) => column.notNull())
        .addColumn('breached', 'integer', (column) => column.notNull())
        .addColumn('breaches', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        // A sample can never be stored twice, whatever retries the engine makes.
        .addUniqueConstraint('canary_metrics_canary_seq_unique', ['canary_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('canary_metrics_model_created_idx')
        .on('canary_metrics')
        .columns(['model_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('canary_metrics_created_at_idx')
        .on('canary_metrics')
        .column('created_at')
        .execute();

      await db.schema
        .createTable('models')
        .addColumn('model_id', 'text', (column) => column.primaryKey())
        .addColumn('gate', 'text', (column) => column.notNull())
        .addColumn('canary_id', 'text')
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('audits')
        .addColumn('id', serialId.type, serialId.build)
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('entity_type', 'text', (column) => column.notNull())
        .addColumn('entity_id', 'text', (column) => column.notNull())
        .addColumn('details', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('audits_created_at_idx').on('audits').column('created_at').execute();
      await db.schema
        .createIndex('audits_entity_idx')
        .on('audits')
        .columns(['entity_type', 'entity_id'])
        .execute();

      // Exactly the seed's columns (000: "Enhanced SQLite Schema"), plus model_id.
      await db.schema
        .createTable('audits_narrative')
        .addColumn('id', serialId.type, serialId.build)
        .addColumn('created_at', defaultedTimestamp.type, defaultedTimestamp.build)
        .addColumn('event_type', 'text', (column) => column.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('entity_type', 'text')
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('operator', 'text')
        .addColumn('context', 'text')
        .addColumn('model_id', 'text')
        .execute();
      await db.schema
        .createIndex('audits_narrative_created_at_idx')
        .on('audits_narrative')
        .column('created_at')
        .execute();
      await db.schema
        .createIndex('audits_narrative_entity_id_idx')
        .on('audits_narrative')
        .column('entity_id')
        .execute();
      await db.schema
        .createIndex('audits_narrative_model_id_idx')
        .on('audits_narrative')
        .column('model_id')
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', serialId.type, serialId.build)
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('topic', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('entity_id', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('data', 'text', (column) => column.notNull())
        .addColumn('narrative', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('events_topic_id_idx').on('events').columns(['topic', 'id']).execute();
      await db.schema.createIndex('events_kind_id_idx').on('events').columns(['kind', 'id']).execute();

      await db.schema
        .createTable('meta')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'meta',
        'events',
        'audits_narrative',
        'audits',
        'models',
        'canary_metrics',
        'canaries',
        'jobs',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
