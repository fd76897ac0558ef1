import { stringify } from 'csv-stringify/sync'
import type { QueryResult } from '@sdp/catalog/lake'

const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))

/**
 * A query result as CSV per RFC 4180: a header of column names, CRLF line ends, fields quoted when
 * they hold a comma, a quote or a line break (quotes doubled). NULL is an empty field; lists and
 * structs are their JSON text.
 *
 * @example
 * ```ts
 * formatCsv({ columns: [{ name: 'n', type: 'BIGINT' }], rows: [['0']] }) // 'n\r\n0\r\n'
 * ```
 */
export function formatCsv(result: QueryResult): string {
  return stringify(
    result.rows.map((row) => result.columns.map((_, i) => cell(row[i]))),
    {
      header: true,
      columns: result.columns.map((c) => c.name),
      record_delimiter: 'windows',
      // With CRLF records csv-stringify leaves a lone LF or CR bare; RFC 4180 wants it quoted.
      quoted_match: /[\r\n]/,
    },
  )
}
