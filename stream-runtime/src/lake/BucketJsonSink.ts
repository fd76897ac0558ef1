import { lakeObjectKey, type LakeRow, type LakeTable } from '@sdp/catalog'
import { encodeNdjsonGzip } from '@sdp/catalog/lake'
import type { ObjectStore } from '../state/ObjectStore.js'
import type { JsonCopySink } from './JsonCopySink.js'
import { groupByPartition } from './groupByPartition.js'

/**
 * The local {@link JsonCopySink}: writes gzip NDJSON objects straight into the lake bucket,
 * `raw/<dataset>/dt=YYYY-MM-DD/hour=HH/<name>.json.gz`, one per partition the rows touch — the
 * layout Firehose produces on AWS. Names come from the records, so a retry rewrites its objects.
 */
export class BucketJsonSink implements JsonCopySink {
  constructor(private readonly store: ObjectStore) {}

  async write(table: LakeTable, rows: readonly LakeRow[], name: string): Promise<void> {
    await Promise.all(
      groupByPartition(table, rows).map((group) =>
        this.store.put(lakeObjectKey(table, group.partition, name), encodeNdjsonGzip(table, group.rows), 'application/gzip'),
      ),
    )
  }
}
