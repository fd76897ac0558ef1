/** A column of a query result: its name and the engine's type name (`BIGINT`, `varchar`...). */
export interface QueryColumn {
  readonly name: string
  readonly type: string
}

/** The result of a SQL query: columns, and rows as JSON-safe values (big integers as strings). */
export interface QueryResult {
  readonly columns: readonly QueryColumn[]
  readonly rows: readonly (readonly unknown[])[]
}

/** Runs SQL over the eight lake tables: DuckDB over the local lake, or Athena on AWS. */
export interface QueryRunner {
  /** Runs one SQL text (its last statement's result is returned). Errors are the engine's own. */
  query(sql: string): Promise<QueryResult>
  close(): Promise<void>
}
