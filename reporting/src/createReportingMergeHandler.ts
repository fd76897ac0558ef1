import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { S3Client } from '@aws-sdk/client-s3'
import {
  DeadLetterSink,
  ResultsTable,
  S3ObjectStore,
  SegmentStateBackend,
  createMergeHandler,
  isLastingStateKey,
  mergeHorizons,
  shardAncestry,
} from '@sdp/stream-runtime'
import type { Telemetry } from '@sdp/service-kit'
import { mergeReportCounts } from './walkins/mergeReportCounts.js'
import type { ReportingConfig } from './config.js'

/** Clients and names the reporting merge handler reads and writes. */
export interface ReportingMergeDependencies {
  readonly s3: S3Client
  readonly dynamodb: DynamoDBClient
  readonly kinesis: KinesisClient
  /** The lake bucket: merge state under `state/reporting-merge/`, dead letters under `errors/reporting-merge/`. */
  readonly bucket: string
  /** The results table the reports read. */
  readonly resultsTable: string
  /** The partials stream it consumes (for shard lineage). */
  readonly partialsStream: string
  readonly config: ReportingConfig
  /** Where each invocation's line and counters go. @default JSON on stdout */
  readonly telemetry?: Telemetry
}

/**
 * Stage 2 of the ad-tech job: merges the campaign counts that stage 1 sends over the partials
 * stream into final per-campaign hour, day and totals items. Its state keeps an item's value for
 * the allowed lateness plus two days of arrival time; partials for periods older than the
 * lateness plus one day are dead-lettered instead of merged, so no write ever starts from an
 * expired value.
 */
export function createReportingMergeHandler(deps: ReportingMergeDependencies) {
  const store = new S3ObjectStore(deps.s3, deps.bucket)
  const { horizonMs, retentionMs } = mergeHorizons(deps.config.allowedLatenessMs)
  const ancestors = shardAncestry(deps.kinesis, deps.partialsStream)
  return createMergeHandler({
    name: 'ad-tech-merge',
    merge: mergeReportCounts,
    state: new SegmentStateBackend({ store, prefix: 'state/reporting-merge', ancestors, retentionMs, keep: isLastingStateKey }),
    results: new ResultsTable({ dynamodb: deps.dynamodb, tableName: deps.resultsTable }),
    deadLetters: new DeadLetterSink(store, 'reporting-merge'),
    ancestors,
    horizonMs,
    ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
  })
}
