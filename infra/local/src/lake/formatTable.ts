import type { QueryResult } from '@sdp/catalog/lake'

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/i

const text = (v: unknown): string => (v === null || v === undefined ? 'NULL' : typeof v === 'string' ? v : JSON.stringify(v))

/**
 * A query result as a box-drawn text table (header, rows, then `N rows`), numbers right-aligned,
 * the way the DuckDB shell prints one.
 *
 * @example
 * ```ts
 * formatTable({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [['0']] })
 * // ┌───┐\n│ n │\n├───┤\n│ 0 │\n└───┘\n1 row\n
 * ```
 */
export function formatTable(result: QueryResult): string {
  const cells = result.rows.map((row) => result.columns.map((_, i) => text(row[i]).replace(/\n/g, '\\n')))
  const widths = result.columns.map((c, i) => Math.max(c.name.length, ...cells.map((r) => (r[i] ?? '').length)))
  const right = result.columns.map((c) => NUMERIC.test(c.type))
  const line = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}\n`
  const row = (values: readonly string[], align: readonly boolean[]) =>
    `│${values.map((v, i) => ` ${align[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)} `).join('│')}│\n`
  let out = line('┌', '┬', '┐')
  out += row(
    result.columns.map((c) => c.name),
    result.columns.map(() => false),
  )
  out += line('├', '┼', '┤')
  for (const r of cells) out += row(r, right)
  out += line('└', '┴', '┘')
  return `${out}${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'}\n`
}
