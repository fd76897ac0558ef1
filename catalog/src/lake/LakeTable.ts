import type { LakeColumn } from './LakeColumn.js'

/** The data sets of the lake; each has a raw (NDJSON) and a Parquet table. */
export type LakeDataset = 'bcns' | 'impressions' | 'clicks' | 'aggregates' | 'walkins' | 'walkin_clicks'

/** The data set of a user job's results: `job_<name>` (see `jobLakeTable`). */
export type JobDataset = `job_${string}`

/** The storage of a table: `raw/` holds gzip NDJSON, `parquet/` holds Parquet. */
export type LakeFormat = 'raw' | 'parquet'

/** The tables of the lake (names kept from the original platform, plus the walk-ins). */
export type LakeTableName = `${LakeFormat}_${LakeDataset}`

/** A row of a lake table: column name → value (`null` for an absent optional value). */
export type LakeRow = Record<string, string | number | null>

/**
 * A lake table: its columns (generated from the catalog codecs), the columns that identify a row,
 * the column whose epoch-millisecond value picks the row's `dt`/`hour` partition, and where its
 * objects live: `<format>/<dataset>/dt=YYYY-MM-DD/hour=HH/<name>.<json.gz|parquet>`.
 */
export interface LakeTable {
  readonly name: string
  readonly dataset: LakeDataset | JobDataset
  readonly format: LakeFormat
  readonly description: string
  readonly columns: readonly LakeColumn[]
  /** Columns whose values together identify a row: one row per identity once compacted. */
  readonly identity: readonly string[]
  /**
   * Rows that supersede each other: of the rows with the same `key` columns, the one with the
   * highest `revision` (compared as text) holds the current value, and compaction keeps only it.
   * @default none: every identity is kept
   */
  readonly latest?: { readonly key: readonly string[]; readonly revision: string }
  /** Epoch-millisecond column that decides the partition. */
  readonly timeColumn: string
  /** Hive-style partition keys, from `timeColumn` in UTC. */
  readonly partitionKeys: readonly ['dt', 'hour']
}
