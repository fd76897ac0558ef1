import type { QueryResult } from '@sdp/catalog/lake'

/**
 * A query result as a JSON array of objects, one per row, keyed by column name (big integers stay
 * strings, as DuckDB hands them over), followed by a newline.
 *
 * @example
 * ```ts
 * formatJson({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [['0']] }) // '[{"n":"0"}]\n'
 * ```
 */
export function formatJson(result: QueryResult): string {
  const objects = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null])))
  return `${JSON.stringify(objects)}\n`
}
