import { parquetWriteBuffer } from 'hyparquet-writer'
import { LAKE_COLUMN_TYPES } from './LakeColumn.js'
import type { LakeRow, LakeTable } from './LakeTable.js'

/** Rows per Parquet row group: large enough for fast scans, small enough to prune by statistics. */
export const PARQUET_ROW_GROUP_ROWS = 100_000

/**
 * The one Parquet writer of the platform (hyparquet-writer: pure JavaScript, so the same bytes
 * come out of a Lambda on any architecture, the local platform and the benchmarks). Columns and
 * types come from the table definition: strings as UTF8 byte arrays, integers as INT64, numbers as
 * DOUBLE, every column OPTIONAL so a column added later reads as null in older files. Snappy
 * compressed, with statistics.
 *
 * @param rows - rows already shaped by `toLakeRow` (values of the column's type or null)
 * @example
 * ```ts
 * const bytes = encodeParquet(LAKE_TABLES.parquet_bcns, [toLakeRow(LAKE_TABLES.parquet_bcns, event)])
 * ```
 */
export function encodeParquet(table: LakeTable, rows: readonly LakeRow[]): Uint8Array {
  const columnData = table.columns.map((column) => {
    const values = rows.map((row) => row[column.name] ?? null)
    return {
      name: column.name,
      type: LAKE_COLUMN_TYPES[column.type].parquet,
      nullable: true,
      data: column.type === 'int64' ? values.map((v) => (v === null ? null : BigInt(v))) : values,
    }
  })
  const buffer = parquetWriteBuffer({
    columnData,
    rowGroupSize: PARQUET_ROW_GROUP_ROWS,
    kvMetadata: [{ key: 'sdp.table', value: table.name }],
    createdBy: 'sdp-catalog (hyparquet-writer)',
  })
  return new Uint8Array(buffer)
}
