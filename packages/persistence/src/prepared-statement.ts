/**
 * A query compiled once by Kysely and bound to new values per call. Why: building and compiling a
 * query (node trees, a visitor, frozen objects) costs more than SQLite takes to run the small
 * INSERTs of a transition, and a batch of transitions runs the same few shapes hundreds of times.
 * The SQL comes from the database's own dialect (`?` or `$1`, quoting), so both backends share
 * each statement, and the call still goes through Kysely's executor: the driver's guards see it,
 * and plugins see it (`transformQuery` and `transformResult` run per call, as for a built query;
 * the node `transformQuery` gets holds the column markers, not the call's values).
 */
import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  type QueryResult,
  type Transaction,
} from 'kysely';
import type { Database } from './database-schema.ts';

/** A compiled query and, for each of its parameters, the column whose value it takes. */
export interface PreparedStatement<Row> {
  readonly compiled: CompiledQuery;
  readonly parameterColumns: readonly (keyof Row & string)[];
}

// A value no row ever holds: each column's marker shows where Kysely put that column's parameter.
const MARKER = '\u0000column:';

/**
 * Compiles `build(markers)` once, where `markers` stands in for a row of `columns`; every parameter
 * of the result must be one of the markers (a literal would be baked into every call).
 *
 * @example
 * const insertAudit = prepareStatement(['created_at', 'actor'], (row) => db.insertInto('audits').values(row));
 * await runPrepared(transaction, insertAudit, { created_at: '2025-10-03 14:20:00.000', actor: 'system' });
 */
export function prepareStatement<Row>(
  columns: readonly (keyof Row & string)[],
  build: (markers: Row) => Compilable,
): PreparedStatement<Row> {
  // Typed as the row so `build` reads like the query it stands for; only the compiler sees the values.
  const markers = Object.fromEntries(columns.map((column) => [column, `${MARKER}${column}`])) as Row;
  const compiled = build(markers).compile();
  const parameterColumns = compiled.parameters.map((parameter) => {
    if (typeof parameter !== 'string' || !parameter.startsWith(MARKER)) {
      throw new Error(`A prepared statement may only have column parameters: ${compiled.sql}`);
    }
    return parameter.slice(MARKER.length) as keyof Row & string;
  });
  return { compiled, parameterColumns };
}

/** The flat row a multi-row statement binds: `rows[i].column` as `"i.column"`. */
export type RowsOf = Record<string, unknown>;

/**
 * Like {@link prepareStatement}, for `count` rows at once: `build` gets `count` marker rows, and the
 * statement binds what {@link flattenRows} makes of `count` real rows.
 */
export function prepareMultiRowStatement<Row>(
  columns: readonly (keyof Row & string)[],
  count: number,
  build: (markerRows: Row[]) => Compilable,
): PreparedStatement<RowsOf> {
  const rowColumns = Array.from({ length: count }, (_, index) =>
    columns.map((column) => `${index}.${column}`),
  );
  return prepareStatement<RowsOf>(rowColumns.flat(), (markers) =>
    build(
      rowColumns.map(
        (names) => Object.fromEntries(names.map((name, at) => [columns[at], markers[name]])) as Row,
      ),
    ),
  );
}

/** `rows` as the flat row of a multi-row statement. */
export function flattenRows<Row extends object>(rows: readonly Row[]): RowsOf {
  const flat: RowsOf = {};
  rows.forEach((row, index) => {
    for (const [column, value] of Object.entries(row)) flat[`${index}.${column}`] = value;
  });
  return flat;
}

/** Runs `statement` with `row`'s values inside `transaction`. */
export async function runPrepared<Row, Result = unknown>(
  transaction: Transaction<Database>,
  statement: PreparedStatement<Row>,
  row: Row,
): Promise<QueryResult<Result>> {
  const executor = transaction.getExecutor();
  const queryId = createQueryId();
  const { compiled } = statement;
  // Plugins watch queries (tests pause the event INSERT this way); one that rewrote a query would
  // expect its rewrite to run, which a compiled statement cannot do: say so instead of ignoring it.
  if (executor.transformQuery(compiled.query, queryId) !== compiled.query) {
    throw new Error(`A plugin rewrote a prepared statement, which cannot honour it: ${compiled.sql}`);
  }
  // `undefined` is what a built query leaves out (the column's default, NULL for these columns).
  const parameters = statement.parameterColumns.map((column) => row[column] ?? null);
  return executor.executeQuery<Result>({ ...compiled, queryId, parameters });
}
