/**
 * The few schema details SQL dialects spell differently. Migrations ask the flavor instead of
 * writing dialect-specific SQL, so a PostgreSQL backend only needs its own flavor.
 */
import type { ColumnDataType, ColumnDefinitionBuilder, Expression } from 'kysely';

/** How one dialect spells the schema details the migrations need. */
export interface SchemaFlavor {
  /** An integer primary key that grows monotonically and is never reused, even after rows are deleted. */
  readonly serialId: {
    readonly type: ColumnDataType;
    readonly build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  };
  /** The seed's `created_at DATETIME DEFAULT CURRENT_TIMESTAMP` column. */
  readonly defaultedTimestamp: {
    readonly type: ColumnDataType | Expression<unknown>;
    readonly build: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  };
}
