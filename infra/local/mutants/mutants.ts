// The mutants of `npm run test:mutants`: one small source change per write path that makes its
// retry lose or double work, or swallows its error. The fault-mode e2e test must fail on each.

/** One mutant: replace `from` (found exactly once) with `to` in `file` (relative to the repo root). */
export interface Mutant {
  readonly name: string
  /** The write path it breaks. */
  readonly path: string
  readonly file: string
  readonly from: string
  readonly to: string
  /** Extra environment of the e2e run, e.g. fresh containers so state is reloaded from S3. */
  readonly env?: Readonly<Record<string, string>>
}

/** The fault test at higher rates on one service, with a longer deadline for the platform to catch up. */
const HARSH_KINESIS = { E2E_FAULTS: 's3=0.05,dynamodb=0.05,kinesis=0.3,reset=0.02,seed=7,cover=1', E2E_DEADLINE_MS: '240000' }

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'ingest-ignores-refused-entries',
    path: 'ingest PutRecords',
    file: 'ingest/src/kinesis/putRecords.ts',
    from: "const code = entry === undefined ? 'InternalFailure' : entry.ErrorCode",
    to: 'const code = undefined as string | undefined',
  },
  {
    name: 'partials-ignore-refused-entries',
    path: 'stage 1 partials and raw repartition PutRecords',
    file: 'stream-runtime/src/exchange/putPackedRecords.ts',
    from: 'return pending.map((_, i) => Boolean(out.FailedRecordCount) && (out.Records?.[i] === undefined || out.Records[i]?.ErrorCode !== undefined))',
    to: 'return pending.map(() => false)',
    // A stage-1 retry resends what a lost record held, so a few lost records are often healed by
    // chance: at this rate some flush loses records that no retry resends.
    env: HARSH_KINESIS,
  },
  {
    name: 'state-segment-write-swallowed',
    path: 'stage 1 state segments',
    file: 'stream-runtime/src/state/SegmentStateBackend.ts',
    from: 'await store.put(segmentKey(prefix, segment.shardId, segment.firstSequenceNumber, segment.lastSequenceNumber), JSON.stringify(stored))',
    to: 'await store.put(segmentKey(prefix, segment.shardId, segment.firstSequenceNumber, segment.lastSequenceNumber), JSON.stringify(stored)).catch(() => undefined)',
    // A warm handler keeps its state in memory: only a reload from S3 misses the lost segment.
    env: { E2E_FRESH_CONTAINERS: '1' },
  },
  {
    name: 'lake-parquet-write-swallowed',
    path: 'stage 1 lake Parquet',
    file: 'stream-runtime/src/lake/LakeSink.ts',
    from: "writes.push(this.options.store.put(lakeObjectKey(table, group.partition, name), encodeParquet(table, group.rows), 'application/vnd.apache.parquet'))",
    to: "writes.push(this.options.store.put(lakeObjectKey(table, group.partition, name), encodeParquet(table, group.rows), 'application/vnd.apache.parquet').catch(() => undefined))",
  },
  {
    name: 'results-retried-batch-merged-again',
    path: 'stage 2 DynamoDB results',
    file: 'stream-runtime/src/merge/BatchState.ts',
    // A swallowed results write is no test of this path: results are absolute values, rewritten
    // whole by the next batch touching the item. What a retry must not do is merge again what it merged.
    from: 'if (mark && (compareSequenceNumbers(record.through, mark[0]) || record.part - mark[1]) <= 0) return false',
    to: 'if (mark && (compareSequenceNumbers(record.through, mark[0]) || record.part - mark[1]) < 0) return false',
  },
  {
    name: 'model-examples-write-swallowed',
    path: 'training model store',
    file: 'ml/src/store/ModelRepository.ts',
    from: 'await this.store.put(exampleBatchKey(shardId, first, last, this.prefix), encodeExampleBatch(shardId, first, last, examples))',
    to: 'await this.store.put(exampleBatchKey(shardId, first, last, this.prefix), encodeExampleBatch(shardId, first, last, examples)).catch(() => undefined)',
  },
  {
    name: 'compaction-object-write-swallowed',
    path: 'compaction objects',
    file: 'compaction/src/compact/compactPartition.ts',
    from: "await store.put(key, body, 'application/vnd.apache.parquet')",
    to: "await store.put(key, body, 'application/vnd.apache.parquet').catch(() => undefined)",
  },
  {
    name: 'heartbeats-stop-after-a-failed-tick',
    path: 'heartbeats',
    file: 'stream-runtime/src/heartbeat/startHeartbeatTicker.ts',
    from: '        onError(error)\n',
    to: '        onError(error)\n        stopped = true\n',
  },
]
