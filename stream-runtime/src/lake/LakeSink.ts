import { LAKE_TABLES, lakeObjectKey, type LakeDataset, type LakeRow, type LakeRows, type LakeTable } from '@sdp/catalog'
import { encodeParquet } from '@sdp/catalog/lake'
import type { ObjectStore } from '../state/ObjectStore.js'
import type { JsonCopySink } from './JsonCopySink.js'
import { groupByPartition } from './groupByPartition.js'
import type { PartitionRegistrar } from './PartitionRegistrar.js'

/** Options of {@link LakeSink}. */
export interface LakeSinkOptions {
  /** The lake bucket. */
  readonly store: ObjectStore
  /** Where the JSON copies go (`BucketJsonSink` locally, `FirehoseJsonSink` on AWS). */
  readonly json: JsonCopySink
  /** Data sets that get a `raw_*` JSON copy. @default impressions, clicks, aggregates (raw_bcns comes from Firehose) */
  readonly jsonCopies?: readonly LakeDataset[]
  /** Registers new `parquet_*` partitions (Glue on AWS: `GluePartitionRegistrar`). @default none (the local views list objects) */
  readonly partitions?: PartitionRegistrar
}

/** What one write produced. */
export interface LakeWriteSummary {
  readonly parquetObjects: number
  readonly rows: number
}

/**
 * The lake sink of a stream job: at each flush, rows of each data set go to
 * `parquet/<dataset>/dt=YYYY-MM-DD/hour=HH/<name>.parquet` (one object per partition the rows
 * touch, encoded by the catalog's one Parquet writer), and the JSON copies to the
 * {@link JsonCopySink}. `name` comes from the records the rows came from
 * (`recordRangeName`), so a retried flush rewrites the same objects. Rows appear in `parquet_*` at
 * once: readers list the live prefix.
 *
 * @example
 * ```ts
 * const sink = new LakeSink({ store, json: new BucketJsonSink(store) })
 * await sink.write('shardId-000000000000-1-9', adTechLakeRows(result.emitted, result.partials))
 * ```
 */
export class LakeSink {
  private readonly jsonCopies: ReadonlySet<LakeDataset>

  constructor(private readonly options: LakeSinkOptions) {
    this.jsonCopies = new Set(options.jsonCopies ?? ['impressions', 'clicks', 'aggregates'])
  }

  async write(name: string, rows: LakeRows): Promise<LakeWriteSummary> {
    const writes: Promise<unknown>[] = []
    let parquetObjects = 0
    let count = 0
    for (const dataset of Object.keys(rows) as LakeDataset[]) {
      const data = rows[dataset] ?? []
      if (data.length === 0) continue
      count += data.length
      parquetObjects += this.putParquet(LAKE_TABLES[`parquet_${dataset}`], name, data, writes)
      if (this.jsonCopies.has(dataset)) writes.push(this.options.json.write(LAKE_TABLES[`raw_${dataset}`], data, name))
    }
    await Promise.all(writes)
    return { parquetObjects, rows: count }
  }

  /**
   * Writes rows of a Parquet table of its own (a user job's results, `jobLakeTable`): one object
   * per partition the rows touch, named `name`; no JSON copy.
   */
  async writeTable(table: LakeTable, name: string, rows: readonly LakeRow[]): Promise<LakeWriteSummary> {
    const writes: Promise<unknown>[] = []
    const parquetObjects = this.putParquet(table, name, rows, writes)
    await Promise.all(writes)
    return { parquetObjects, rows: rows.length }
  }

  /** Starts the writes of one object per partition (and its registration); returns how many objects. */
  private putParquet(table: LakeTable, name: string, rows: readonly LakeRow[], writes: Promise<unknown>[]): number {
    const groups = groupByPartition(table, rows)
    for (const group of groups) {
      writes.push(this.options.store.put(lakeObjectKey(table, group.partition, name), encodeParquet(table, group.rows), 'application/vnd.apache.parquet'))
      if (this.options.partitions) writes.push(this.options.partitions.register(table, group.partition))
    }
    return groups.length
  }
}
