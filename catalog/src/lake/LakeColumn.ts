/**
 * The logical type of a lake column. Three are enough for every catalog schema: strings, safe
 * integers (epoch milliseconds, ids, counts) and finite numbers. Each maps to exactly one type in
 * Parquet, Glue/Athena and DuckDB ({@link LAKE_COLUMN_TYPES}), so no writer or reader can drift.
 */
export type LakeColumnType = 'string' | 'int64' | 'double'

/** One column of a lake table, generated from a catalog codec's field. */
export interface LakeColumn {
  readonly name: string
  readonly type: LakeColumnType
  /** Whether every row of the table has a value (the codec field is required in every member). */
  readonly required: boolean
}

/**
 * How each logical type is spelled by every system that touches the lake.
 *
 * @example
 * ```ts
 * LAKE_COLUMN_TYPES.int64.glue // 'bigint'
 * ```
 */
export const LAKE_COLUMN_TYPES = {
  string: { parquet: 'STRING', glue: 'string', duckdb: 'VARCHAR', athena: 'varchar' },
  int64: { parquet: 'INT64', glue: 'bigint', duckdb: 'BIGINT', athena: 'bigint' },
  double: { parquet: 'DOUBLE', glue: 'double', duckdb: 'DOUBLE', athena: 'double' },
} as const satisfies Record<LakeColumnType, { parquet: string; glue: string; duckdb: string; athena: string }>
