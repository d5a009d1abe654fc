export { AUDIT_PAGE_SIZE } from './audit-log.ts';
export { createCanaryLeaseStore } from './canary-lease-store.ts';
export { CANARY_LIST_LIMIT } from './canary-store.ts';
export { type CockpitDatabaseStore, type CockpitStoreOptions, createCockpitStore } from './cockpit-store.ts';
export type { DatabaseFileProblem } from './database-file-watch.ts';
export type {
  AuditsNarrativeTable,
  AuditsTable,
  CanariesTable,
  CanaryMetricsTable,
  Database,
  EventsTable,
  JobsTable,
  MetaTable,
  ModelsTable,
} from './database-schema.ts';
export {
  type DatabaseSetting,
  type DatabaseSettingOptions,
  DEFAULT_DATABASE_FILE,
  type PostgresDatabaseSetting,
  parseDatabaseSetting,
  type SqliteDatabaseSetting,
} from './database-setting.ts';
export type { Writability } from './database-writability.ts';
export { EVENT_CHANNEL } from './event-commit-order.ts';
export {
  EVENT_FOLLOWER_DEFAULTS,
  type EventFollower,
  type FollowEventsOptions,
  followEvents,
} from './event-follower.ts';
export { EVENT_PAGE_LIMIT } from './event-log.ts';
export { createEvidenceReads, type EvidenceReads } from './evidence-reads.ts';
export { POSTGRES_SKIPPED_CHECKS, type StoreHealth } from './health-check.ts';
export { createJobClaims } from './job-claims.ts';
export { JOB_LIST_LIMIT } from './job-store.ts';
export type { TimeRange } from './keyset-pages.ts';
export { hasCockpitSchema, type MigrateOptions, type MigrationReport, migrateToLatest } from './migrate.ts';
export { closeDatabase, type OpenDatabaseOptions, openDatabase } from './open-database.ts';
export { type OpenDatabaseSettingOptions, openDatabaseSetting } from './open-database-setting.ts';
export { type OpenPostgresOptions, openPostgresDatabase } from './open-postgres.ts';
export { isPersistenceError, PersistenceError, type PersistenceErrorCode } from './persistence-error.ts';
export { postgresSchemaFlavor } from './postgres-dialect.ts';
export {
  isPostgresUrl,
  type PostgresSettings,
  parsePostgresUrl,
  redactPostgresUrl,
} from './postgres-url.ts';
export type { SchemaFlavor } from './schema-flavor.ts';
export { sqliteSchemaFlavor } from './sqlite-dialect.ts';
export type { StatusCounts } from './status-counts.ts';
export { fromStoredTime, toStoredTime } from './stored-time.ts';
