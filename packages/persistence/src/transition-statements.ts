/**
 * The statements every transition runs (entity upserts, the sample, the model gate, the audit row,
 * the narrative line, the event), compiled once per database by its dialect (`prepared-statement.ts`).
 * Upserts update with `excluded.<column>`, which SQLite and PostgreSQL spell the same, so each
 * value is bound once.
 */
import type { Compilable, Insertable, Kysely, QueryResult, Transaction } from 'kysely';
import type {
  AuditsNarrativeTable,
  AuditsTable,
  CanariesTable,
  CanaryMetricsTable,
  Database,
  EventsTable,
  JobsTable,
  ModelsTable,
} from './database-schema.ts';
import {
  type PreparedStatement,
  prepareMultiRowStatement,
  prepareStatement,
  runPrepared,
} from './prepared-statement.ts';

/** A stored event row (without its id, which the INSERT returns). */
export type EventRow = Insertable<EventsTable>;

/** The transition statements of one database. */
export interface TransitionStatements {
  readonly upsertJob: PreparedStatement<Insertable<JobsTable>>;
  readonly upsertCanary: PreparedStatement<Insertable<CanariesTable>>;
  /** Samples of a batch, many per statement. */
  insertSamples(
    transaction: Transaction<Database>,
    rows: readonly Insertable<CanaryMetricsTable>[],
  ): Promise<void>;
  readonly upsertModel: PreparedStatement<Insertable<ModelsTable>>;
  /** Audit rows of a batch, many per statement. */
  insertAudits(transaction: Transaction<Database>, rows: readonly Insertable<AuditsTable>[]): Promise<void>;
  /** Narrative lines of a batch, many per statement. */
  insertNarratives(
    transaction: Transaction<Database>,
    rows: readonly Insertable<AuditsNarrativeTable>[],
  ): Promise<void>;
  /** Events of a batch, many per statement; their ids, in the order of `rows`. */
  insertEvents(transaction: Transaction<Database>, rows: readonly EventRow[]): Promise<number[]>;
}

// The columns each statement binds: what row-mapping.ts and audit-rows.ts produce.
const JOB_COLUMNS = [
  'job_id',
  'task_id',
  'config_id',
  'status',
  'progress',
  'message',
  'result',
  'error',
  'details',
  'operator',
  'created_at',
  'updated_at',
  'started_at',
  'finished_at',
] as const;
const CANARY_COLUMNS = [
  'id',
  'model_id',
  'from_gate',
  'to_gate',
  'status',
  'policy',
  'webhooks',
  'operator',
  'created_at',
  'updated_at',
  'started_at',
  'window_ends_at',
  'decided_at',
  'decision',
  'decision_rule',
  'decision_reason',
  'decision_math',
  'traffic',
] as const;
const SAMPLE_COLUMNS = [
  'canary_id',
  'model_id',
  'gate',
  'seq',
  'latency_p95_ms',
  'error_rate',
  'drift',
  'observed',
  'fallback',
  'fallback_reasons',
  'breached',
  'breaches',
  'created_at',
  'baseline',
] as const;
const MODEL_COLUMNS = ['model_id', 'gate', 'canary_id', 'updated_at'] as const;
export const AUDIT_COLUMNS = [
  'created_at',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'details',
] as const;
export const NARRATIVE_COLUMNS = [
  'created_at',
  'event_type',
  'entity_id',
  'entity_type',
  'message',
  'operator',
  'context',
  'model_id',
] as const;
export const EVENT_COLUMNS = [
  'created_at',
  'topic',
  'kind',
  'entity_id',
  'type',
  'data',
  'narrative',
] as const;

const statementsByDatabase = new WeakMap<Kysely<Database>, TransitionStatements>();

/** The statements of `db`, compiled on first use. */
export function transitionStatementsOf(db: Kysely<Database>): TransitionStatements {
  let statements = statementsByDatabase.get(db);
  if (statements === undefined) {
    statements = compileTransitionStatements(db);
    statementsByDatabase.set(db, statements);
  }
  return statements;
}

function compileTransitionStatements(db: Kysely<Database>): TransitionStatements {
  return {
    upsertJob: upsert(db, 'jobs', JOB_COLUMNS),
    upsertCanary: upsert(db, 'canaries', CANARY_COLUMNS),
    insertSamples: multiRowInsert<Insertable<CanaryMetricsTable>>(SAMPLE_COLUMNS, (rows) =>
      db.insertInto('canary_metrics').values(rows),
    ),
    upsertModel: upsert(db, 'models', MODEL_COLUMNS),
    insertAudits: multiRowInsert<Insertable<AuditsTable>>(AUDIT_COLUMNS, (rows) =>
      db.insertInto('audits').values(rows),
    ),
    insertNarratives: multiRowInsert<Insertable<AuditsNarrativeTable>>(NARRATIVE_COLUMNS, (rows) =>
      db.insertInto('audits_narrative').values(rows),
    ),
    insertEvents: multiRowInsertReturningIds<EventRow>(EVENT_COLUMNS, (rows) =>
      db.insertInto('events').values(rows).returning('id'),
    ),
  };
}

/** Rows per statement of a multi-row INSERT: powers of two up to this, so a few shapes serve any count. */
const MAX_ROWS_PER_INSERT = 64;

/**
 * Inserts any number of rows in few statements (64, then 32, 16, … 1 rows each: at most 7 shapes
 * per table, each compiled on first use). Why: on PostgreSQL each statement is a round trip, and on
 * both a statement's fixed cost is paid once for many rows. A batch's rows may go in together: a
 * row that breaks a constraint fails the batch, which is then committed one transition at a time.
 */
function multiRowInsert<Row extends object>(
  columns: readonly (keyof Row & string)[],
  build: (rows: Row[]) => Compilable,
): (transaction: Transaction<Database>, rows: readonly Row[]) => Promise<void> {
  const run = multiRowStatements(columns, build);
  return async (transaction, rows) => {
    await run(transaction, rows);
  };
}

/**
 * Like {@link multiRowInsert}, for a table whose `id` is its serial key: the new ids, in the order
 * of `rows`. A serial id is drawn as each row of the VALUES list is inserted, in list order (SQLite's
 * AUTOINCREMENT and PostgreSQL's identity alike), while RETURNING promises no order: so each
 * statement's ids, sorted, are its rows' ids in order.
 */
function multiRowInsertReturningIds<Row extends object>(
  columns: readonly (keyof Row & string)[],
  build: (rows: Row[]) => Compilable,
): (transaction: Transaction<Database>, rows: readonly Row[]) => Promise<number[]> {
  const run = multiRowStatements(columns, build);
  return async (transaction, rows) => {
    const ids: number[] = [];
    for (const result of await run(transaction, rows)) {
      const returned = (result.rows as { id: number | string }[]).map((row) => Number(row.id));
      ids.push(...returned.sort((a, b) => a - b));
    }
    if (ids.length !== rows.length)
      throw new Error(`${rows.length} rows inserted, ${ids.length} ids returned`);
    return ids;
  };
}

/** Runs `rows` through the few multi-row shapes; the result of each statement, in order. */
function multiRowStatements<Row extends object>(
  columns: readonly (keyof Row & string)[],
  build: (rows: Row[]) => Compilable,
): (transaction: Transaction<Database>, rows: readonly Row[]) => Promise<QueryResult<unknown>[]> {
  const shapes = new Map<number, PreparedStatement<readonly Row[]>>();
  const shapeFor = (count: number) => {
    let shape = shapes.get(count);
    if (shape === undefined) {
      shape = prepareMultiRowStatement(columns, count, build);
      shapes.set(count, shape);
    }
    return shape;
  };
  return async (transaction, rows) => {
    const results: QueryResult<unknown>[] = [];
    for (const chunk of multiRowChunks(rows)) {
      results.push(await runPrepared(transaction, shapeFor(chunk.length), chunk));
    }
    return results;
  };
}

/**
 * `rows` cut into the statements a multi-row INSERT makes of them, in order: as many of 64 rows as
 * fit, then at most one each of 32, 16, … 1. The persistence bench's raw comparison cuts the same.
 */
export function multiRowChunks<Row>(rows: readonly Row[]): Row[][] {
  const chunks: Row[][] = [];
  let start = 0;
  for (let size = MAX_ROWS_PER_INSERT; size >= 1; size /= 2) {
    while (rows.length - start >= size) {
      chunks.push(rows.slice(start, start + size));
      start += size;
    }
  }
  return chunks;
}

/** INSERT of `columns`, or UPDATE of all but the first (the key) when the key exists. */
function upsert<Table extends 'jobs' | 'canaries' | 'models'>(
  db: Kysely<Database>,
  table: Table,
  columns: readonly (keyof Insertable<Database[Table]> & string)[],
): PreparedStatement<Insertable<Database[Table]>> {
  const [key, ...changed] = columns;
  if (key === undefined) throw new Error(`no columns for ${table}`);
  return prepareStatement<Insertable<Database[Table]>>(columns, (row) =>
    db
      .insertInto(table as 'models')
      .values(row as unknown as Insertable<ModelsTable>)
      .onConflict((conflict) =>
        conflict
          .column(key as 'model_id')
          .doUpdateSet((update) =>
            Object.fromEntries(
              changed.map((column) => [column, update.ref(`excluded.${column}` as 'excluded.gate')]),
            ),
          ),
      ),
  );
}
