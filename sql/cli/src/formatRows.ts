import { stringify } from 'csv-stringify/sync'
import type { SqlRow, SqlValue } from '@sdp/sql'

/** How rows are printed. */
export type RowFormat = 'table' | 'csv' | 'json'

const cell = (v: SqlValue): string => (v === null ? 'NULL' : String(v))

/** Rows as an aligned text table with a header and a row count. */
function table(columns: readonly string[], rows: readonly SqlRow[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(r[c] ?? null)))
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)))
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-')
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`
  return [line(columns), rule, ...cells.map(line), count].join('\n') + '\n'
}

/**
 * Formats a final result: a text table, CSV with a header row (RFC 4180), or a JSON array of
 * objects keyed by column name.
 */
export function formatRows(format: RowFormat, columns: readonly string[], rows: readonly SqlRow[]): string {
  if (format === 'table') return table(columns, rows)
  if (format === 'csv') return stringify([columns, ...rows.map((r) => columns.map((c) => r[c] ?? null))], { cast: { boolean: String } })
  return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))) + '\n'
}

/** Live rows, as they fire: one CSV line, one JSON object per line, or `col=value` pairs. */
export function formatLiveRow(format: RowFormat, columns: readonly string[], row: SqlRow): string {
  if (format === 'csv') return stringify([columns.map((c) => row[c] ?? null)], { cast: { boolean: String } })
  if (format === 'json') return JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))) + '\n'
  return columns.map((c) => `${c}=${cell(row[c] ?? null)}`).join('  ') + '\n'
}
