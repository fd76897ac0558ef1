import type { LakeRow, LakeTable } from './LakeTable.js'

/**
 * The identity of a row: the values of the table's identity columns (events: `type` and
 * `tx_id`; aggregates: `campaign_item_id`, `period` and `partial_id`), joined unambiguously.
 * Compaction keeps one row per identity.
 *
 * @example
 * ```ts
 * rowIdentity(LAKE_TABLES.parquet_bcns, row) // '["imp","t1"]'
 * ```
 */
export function rowIdentity(table: LakeTable, row: Readonly<LakeRow>): string {
  return JSON.stringify(table.identity.map((name) => row[name] ?? null))
}
