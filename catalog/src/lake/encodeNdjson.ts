import { gzipSync } from 'node:zlib'
import type { LakeRow, LakeTable } from './LakeTable.js'

/**
 * One row as one line of newline-delimited JSON: the table's columns in order, null values left
 * out (JSON readers — Athena's OpenX SerDe, DuckDB — read an absent field as null), ending in `\n`.
 *
 * @example
 * ```ts
 * ndjsonLine(LAKE_TABLES.raw_clicks, row) // '{"type":"click","tx_id":"t1","ts":5,"campaign_item_id":7,"bid_ts":1}\n'
 * ```
 */
export function ndjsonLine(table: LakeTable, row: LakeRow): string {
  const out: Record<string, string | number> = {}
  for (const column of table.columns) {
    const v = row[column.name]
    if (v !== null && v !== undefined) out[column.name] = v
  }
  return `${JSON.stringify(out)}\n`
}

/** Rows as newline-delimited JSON (see {@link ndjsonLine}). */
export function encodeNdjson(table: LakeTable, rows: readonly LakeRow[]): string {
  let text = ''
  for (const row of rows) text += ndjsonLine(table, row)
  return text
}

/** Rows as gzip-compressed newline-delimited JSON: the `raw_*` object format (`.json.gz`). */
export function encodeNdjsonGzip(table: LakeTable, rows: readonly LakeRow[]): Uint8Array {
  return new Uint8Array(gzipSync(encodeNdjson(table, rows)))
}
