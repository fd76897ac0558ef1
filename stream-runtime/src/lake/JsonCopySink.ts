import type { LakeRow, LakeTable } from '@sdp/catalog'

/**
 * Where the JSON copies of the stream job's outputs go (`raw_impressions`, `raw_clicks`,
 * `raw_aggregates`): Firehose `PutRecordBatch` on AWS (`FirehoseJsonSink`), straight into the
 * bucket locally where there is no Firehose (`BucketJsonSink`).
 */
export interface JsonCopySink {
  /**
   * Writes rows of a `raw_*` table. `name` derives from the records the rows came from, so a sink
   * that names objects itself rewrites the same object on a retry.
   */
  write(table: LakeTable, rows: readonly LakeRow[], name: string): Promise<void>
}
