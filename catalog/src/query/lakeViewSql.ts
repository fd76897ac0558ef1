import { LAKE_COLUMN_TYPES } from '../lake/LakeColumn.js'
import type { LakeTable } from '../lake/LakeTable.js'

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`

/**
 * The DuckDB `CREATE VIEW` of a lake table over exactly `paths` (files on disk): the table's
 * columns with their types, in order, then `dt` and `hour` taken from each file's path. A column
 * a file lacks (added to the schema later) reads as NULL; no files gives an empty view with the
 * same columns, so `select count(*)` answers 0.
 *
 * @example
 * ```ts
 * await connection.run(lakeViewSql(LAKE_TABLES.parquet_bcns, ['/data/s3/sdp-lake/parquet/bcns/dt=2026-11-28/hour=05/a.parquet._S3rver_object']))
 * ```
 */
export function lakeViewSql(table: LakeTable, paths: readonly string[]): string {
  const typed = (expr: (name: string) => string) => table.columns.map((c) => `CAST(${expr(c.name)} AS ${LAKE_COLUMN_TYPES[c.type].duckdb}) AS ${ident(c.name)}`)
  const head = `CREATE OR REPLACE VIEW ${ident(table.name)} AS `
  if (paths.length === 0) {
    const columns = [...typed(() => 'NULL'), 'CAST(NULL AS VARCHAR) AS dt', 'CAST(NULL AS VARCHAR) AS hour']
    return `${head}SELECT ${columns.join(', ')} WHERE false`
  }
  const list = `[${paths.map(literal).join(', ')}]`
  const partitionColumns = [
    `regexp_extract(filename, '/dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/', 1) AS dt`,
    `regexp_extract(filename, '/hour=([0-9]{2})/', 1) AS hour`,
  ]
  if (table.format === 'raw') {
    const columns = table.columns.map((c) => `${literal(c.name)}: ${literal(LAKE_COLUMN_TYPES[c.type].duckdb)}`).join(', ')
    const source = `read_json(${list}, format = 'newline_delimited', compression = 'gzip', columns = {${columns}}, filename = true)`
    return `${head}SELECT ${[...typed(ident), ...partitionColumns].join(', ')} FROM ${source}`
  }
  // UNION ALL BY NAME with an empty typed row set adds the columns no file has yet.
  const empty = `SELECT ${[...typed(() => 'NULL'), 'CAST(NULL AS VARCHAR) AS filename'].join(', ')} WHERE false`
  const source = `(SELECT * FROM read_parquet(${list}, union_by_name = true, filename = true) UNION ALL BY NAME ${empty})`
  return `${head}SELECT ${[...typed(ident), ...partitionColumns].join(', ')} FROM ${source}`
}
