import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { S3Client } from '@aws-sdk/client-s3'
import { jobLakeTable, recordRangeName, type LakeRow } from '@sdp/catalog'
import type { PartialAccumulators } from '@sdp/aggregation-engine'
import type { Telemetry } from '@sdp/service-kit'
import { DeadLetterSink } from '../deadLetters/DeadLetterSink.js'
import { BucketJsonSink } from '../lake/BucketJsonSink.js'
import { LakeSink } from '../lake/LakeSink.js'
import type { PartitionRegistrar } from '../lake/PartitionRegistrar.js'
import { createKeyedMergeHandler, type MergeBatch } from '../merge/createKeyedMergeHandler.js'
import { isLastingStateKey } from '../merge/resultKeys.js'
import { S3ObjectStore } from '../state/S3ObjectStore.js'
import { SegmentStateBackend } from '../state/SegmentStateBackend.js'
import { shardAncestry } from '../state/shardAncestry.js'
import { mergeHorizons } from '../merge/mergeHorizons.js'
import { jobMergeCore, type JobResultItem } from './jobMergeCore.js'
import { JobResultsTable } from './JobResultsTable.js'

/** Clients and names of a user job's second stage. */
export interface JobMergeDependencies {
  /** The job: its name, how its accumulators merge, and its allowed lateness. */
  readonly job: { readonly name: string; readonly accumulators: PartialAccumulators; readonly allowedLateness?: number }
  readonly s3: S3Client
  readonly dynamodb: DynamoDBClient
  readonly kinesis: KinesisClient
  /** The lake bucket: state under `state/jobs/<name>-merge/`, dead letters under `errors/job-<name>-merge/`, results under `parquet/job_<name>/`. */
  readonly bucket: string
  /** The job results table (`resultsTableDefinition` layout), shared by every job. */
  readonly resultsTable: string
  /** The job's partials stream it consumes (for shard lineage). */
  readonly partialsStream: string
  /** Registers new partitions of the job's lake table (Glue on AWS). @default none (the local views list files) */
  readonly lakePartitions?: PartitionRegistrar
  /** Where each invocation's line and counters go. @default JSON on stdout */
  readonly telemetry?: Telemetry
}

/**
 * Stage 2 of a user job: the keyed merge handler over {@link jobMergeCore}. Each stage-1
 * contribution is merged once; each (key, window) it changes gets its final value so far as one
 * fixed-size item of the job results table, and a row in the job's lake table
 * (`parquet_job_<name>`, named after the batch's records, so a retry rewrites the same object).
 * A window's accumulator is kept in the state for the lateness plus two days of arrival time;
 * partials of windows that ended more than the lateness plus a day before are dead-lettered.
 */
export function createJobMergeHandler(deps: JobMergeDependencies) {
  const { job } = deps
  const name = `job-${job.name}-merge`
  const store = new S3ObjectStore(deps.s3, deps.bucket)
  const { horizonMs, retentionMs } = mergeHorizons(job.allowedLateness ?? 0)
  const ancestors = shardAncestry(deps.kinesis, deps.partialsStream)
  const lake = new LakeSink({ store, json: new BucketJsonSink(store), ...(deps.lakePartitions ? { partitions: deps.lakePartitions } : {}) })
  const table = jobLakeTable(job.name)
  return createKeyedMergeHandler<JobResultItem>({
    name,
    core: jobMergeCore({ job: job.name, accumulators: job.accumulators, horizonMs }),
    state: new SegmentStateBackend({
      store,
      prefix: `state/jobs/${job.name}-merge`,
      ancestors,
      retentionMs,
      keep: isLastingStateKey,
    }),
    results: new JobResultsTable({ dynamodb: deps.dynamodb, tableName: deps.resultsTable }),
    deadLetters: new DeadLetterSink(store, name),
    ancestors,
    outputs: async (items, batch) => {
      await lake.writeTable(
        table,
        recordRangeName(batch.shardId, batch.firstSequenceNumber, batch.lastSequenceNumber),
        items.map((i) => jobLakeRow(i, batch)),
      )
    },
    ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
  })
}

/** A job result as a row of its lake table. */
export function jobLakeRow(item: JobResultItem, batch: Pick<MergeBatch, 'version'>): LakeRow {
  return {
    key: String(item.key),
    window_start: item.windowStart,
    window_end: item.windowEnd,
    value: JSON.stringify(item.value ?? null),
    revision: batch.version,
  }
}
