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

/** A compiled query and how to bind one call's input to its parameters. */
export interface PreparedStatement<Input> {
  readonly compiled: CompiledQuery;
  /** The parameters of one call, in the compiled query's order. */
  readonly bind: (input: Input) => readonly unknown[];
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
  const markers = Object.fromEntries(columns.map((column) => [column, marker(column)])) as Row;
  const { compiled, names } = compileWithMarkers(build(markers));
  const parameterColumns = names as (keyof Row & string)[];
  return { compiled, bind: (row) => parameterColumns.map((column) => boundValue(row[column])) };
}

/**
 * Like {@link prepareStatement}, for `count` rows at once: `build` gets `count` marker rows, and a
 * call binds `count` real rows.
 */
export function prepareMultiRowStatement<Row>(
  columns: readonly (keyof Row & string)[],
  count: number,
  build: (markerRows: Row[]) => Compilable,
): PreparedStatement<readonly Row[]> {
  const markerRows = Array.from(
    { length: count },
    (_, index) => Object.fromEntries(columns.map((column) => [column, marker(`${index}.${column}`)])) as Row,
  );
  const { compiled, names } = compileWithMarkers(build(markerRows));
  const sources = names.map((name) => {
    const dot = name.indexOf('.');
    return { index: Number(name.slice(0, dot)), column: name.slice(dot + 1) as keyof Row & string };
  });
  return {
    compiled,
    bind: (rows) => sources.map(({ index, column }) => boundValue((rows[index] as Row)[column])),
  };
}

function marker(name: string): string {
  return `${MARKER}${name}`;
}

/** The compiled query and the marker name behind each of its parameters. */
function compileWithMarkers(query: Compilable): { compiled: CompiledQuery; names: string[] } {
  const compiled = query.compile();
  const names = compiled.parameters.map((parameter) => {
    if (typeof parameter !== 'string' || !parameter.startsWith(MARKER)) {
      throw new Error(`A prepared statement may only have column parameters: ${compiled.sql}`);
    }
    return parameter.slice(MARKER.length);
  });
  return { compiled, names };
}

// `undefined` is what a built query leaves out (the column's default, NULL for these columns).
function boundValue(value: unknown): unknown {
  return value ?? null;
}

/** Runs `statement` with `input`'s values inside `transaction`. */
export async function runPrepared<Input, Result = unknown>(
  transaction: Transaction<Database>,
  statement: PreparedStatement<Input>,
  input: Input,
): Promise<QueryResult<Result>> {
  const executor = transaction.getExecutor();
  const queryId = createQueryId();
  const { compiled } = statement;
  // Plugins watch queries (tests pause the event INSERT this way); one that rewrote a query would
  // expect its rewrite to run, which a compiled statement cannot do: say so instead of ignoring it.
  if (executor.transformQuery(compiled.query, queryId) !== compiled.query) {
    throw new Error(`A plugin rewrote a prepared statement, which cannot honour it: ${compiled.sql}`);
  }
  return executor.executeQuery<Result>({ ...compiled, queryId, parameters: statement.bind(input) });
}
