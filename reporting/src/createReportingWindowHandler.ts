import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { S3Client } from '@aws-sdk/client-s3'
import {
  DeadLetterSink,
  DynamoPartialStore,
  S3ObjectStore,
  SegmentStateBackend,
  createWindowHandler,
  shardAncestry,
} from '@sdp/stream-runtime'
import { adTechJob } from './job/adTechJob.js'
import type { ReportingConfig } from './config.js'

/** Clients and names the reporting window handler writes to. */
export interface ReportingWindowDependencies {
  readonly s3: S3Client
  readonly dynamodb: DynamoDBClient
  readonly kinesis: KinesisClient
  /** The lake bucket: join-index state under `state/reporting/`, dead letters under `errors/reporting/`. */
  readonly bucket: string
  readonly aggregatesTable: string
  readonly streamName: string
  readonly config: ReportingConfig
  readonly log?: (entry: Record<string, unknown>) => void
}

/**
 * The Kinesis tumbling-window handler of the ad-tech job: the join index in the lake bucket,
 * partial aggregates in DynamoDB, dead letters in `errors/`. Join entries are kept for both
 * session timeouts plus ten minutes of arrival time, which also bounds the de-duplication horizon.
 */
export function createReportingWindowHandler(deps: ReportingWindowDependencies) {
  const store = new S3ObjectStore(deps.s3, deps.bucket)
  const { config } = deps
  return createWindowHandler({
    job: adTechJob(config),
    state: new SegmentStateBackend({
      store,
      prefix: 'state/reporting',
      ancestors: shardAncestry(deps.kinesis, deps.streamName),
      retentionMs: config.bidTimeoutMs + config.clickTimeoutMs + 600_000,
    }),
    partials: new DynamoPartialStore({ dynamodb: deps.dynamodb, tableName: deps.aggregatesTable }),
    deadLetters: new DeadLetterSink(store, 'reporting'),
    ...(deps.log ? { log: deps.log } : {}),
  })
}
