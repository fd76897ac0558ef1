import { InvalidArgumentError } from '../errors.js'
import type { LakeColumnType } from './LakeColumn.js'
import type { LakeRow, LakeTable } from './LakeTable.js'

const CHECKS: Record<LakeColumnType, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  int64: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  double: (v) => typeof v === 'number' && Number.isFinite(v),
}

/**
 * A record as a row of `table`: exactly the table's columns, in its order, unknown fields dropped
 * and absent optional values `null`; `-0` becomes `0`, which JSON cannot tell apart. Every writer
 * (Parquet, NDJSON, Firehose) goes through it, so a row has the same shape wherever it lands.
 *
 * @throws InvalidArgumentError naming the column when a required value is absent or a value has
 *   the wrong type (`parquet_bcns.ts must be a int64, got "x"`)
 * @example
 * ```ts
 * toLakeRow(LAKE_TABLES.parquet_bcns, { type: 'click', tx_id: 't1', ts: 5, extra: 1 })
 * // { type: 'click', tx_id: 't1', app_uid: null, campaign_item_id: null, ts: 5, ... win_price: null }
 * ```
 */
export function toLakeRow(table: LakeTable, record: Readonly<Record<string, unknown>>): LakeRow {
  const row: LakeRow = {}
  for (const column of table.columns) {
    const value = Object.hasOwn(record, column.name) ? record[column.name] : undefined
    if (value === undefined || value === null) {
      if (column.required) throw new InvalidArgumentError(`${table.name}.${column.name} is required`)
      row[column.name] = null
    } else if (!CHECKS[column.type](value)) {
      throw new InvalidArgumentError(`${table.name}.${column.name} must be a ${column.type}, got ${JSON.stringify(value)}`)
    } else {
      // -0 would land as 0 in NDJSON but -0 in Parquet; one value everywhere.
      row[column.name] = value === 0 ? 0 : (value as string | number)
    }
  }
  return row
}
