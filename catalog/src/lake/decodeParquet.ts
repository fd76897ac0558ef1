import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import type { LakeRow, LakeTable } from './LakeTable.js'

/** Options of {@link decodeParquet}. */
export interface DecodeParquetOptions {
  /** Read only these columns (e.g. the identity). @default every column of the table */
  readonly columns?: readonly string[]
}

/**
 * Reads the rows of a Parquet file written by `encodeParquet`, shaped as rows of `table`: a
 * column the file does not have (added to the schema after the file was written) reads as null,
 * INT64 values come back as numbers (they are safe integers).
 *
 * @example
 * ```ts
 * const rows = await decodeParquet(LAKE_TABLES.parquet_bcns, bytes)
 * ```
 */
export async function decodeParquet(table: LakeTable, bytes: Uint8Array, options: DecodeParquetOptions = {}): Promise<LakeRow[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const metadata = parquetMetadata(file)
  const present = new Set(metadata.schema.slice(1).map((s) => s.name))
  const wanted = options.columns ?? table.columns.map((c) => c.name)
  const readable = wanted.filter((name) => present.has(name))
  const objects = Number(metadata.num_rows) === 0 ? [] : await parquetReadObjects({ file, metadata, columns: readable })
  return objects.map((o) => {
    const row: LakeRow = {}
    for (const name of wanted) {
      const v = (o as Record<string, unknown>)[name]
      row[name] = v === undefined || v === null ? null : typeof v === 'bigint' ? Number(v) : (v as string | number)
    }
    return row
  })
}
