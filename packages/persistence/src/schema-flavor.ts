/**
 * The few schema details SQL dialects spell differently. Migrations ask the flavor instead of
 * writing dialect-specific SQL, so a PostgreSQL backend only needs its own flavor.
 */
import type { ColumnDataType, ColumnDefinitionBuilder, Expression, Kysely } from 'kysely';

/** How one dialect spells the schema details the migrations need. */
export interface SchemaFlavor {
  /** An integer primary key that grows monotonically and is never reused, even after rows are deleted. */
  readonly serialId: {
    readonly type: ColumnDataType;
    readonly build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  };
  /**
   * A double-precision number (latencies, rates): SQLite's REAL is 8 bytes, PostgreSQL's `real`
   * only 4 (812.3 would read back as 812.2999877929688), so each dialect names its own.
   */
  readonly float: ColumnDataType;
  /** The seed's `created_at DATETIME DEFAULT CURRENT_TIMESTAMP` column. */
  readonly defaultedTimestamp: {
    readonly type: ColumnDataType | Expression<unknown>;
    readonly build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  };
}

const flavors = new WeakMap<Kysely<never>, SchemaFlavor>();

/** Remembers the flavor of a database its opener built, so `migrateToLatest(db)` needs no option. */
export function rememberSchemaFlavor<DB>(db: Kysely<DB>, flavor: SchemaFlavor): void {
  flavors.set(db as unknown as Kysely<never>, flavor);
}

/** The flavor {@link rememberSchemaFlavor} recorded for `db`, else undefined. */
export function schemaFlavorOf<DB>(db: Kysely<DB>): SchemaFlavor | undefined {
  return flavors.get(db as unknown as Kysely<never>);
}
