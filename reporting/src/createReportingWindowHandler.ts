import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { S3Client } from '@aws-sdk/client-s3'
import {
  BucketJsonSink,
  DeadLetterSink,
  KinesisPartialsSink,
  KinesisRepartitionSink,
  LakeSink,
  S3ObjectStore,
  SegmentStateBackend,
  createWindowHandler,
  lakeOutputs,
  shardAncestry,
  type JsonCopySink,
  type PartitionRegistrar,
} from '@sdp/stream-runtime'
import type { WindowInvocationResult } from '@sdp/aggregation-engine'
import type { Telemetry } from '@sdp/service-kit'
import { adTechLakeRows } from '@sdp/catalog'
import { adTechJob, type AdTechInput, type AdTechOutput } from './job/adTechJob.js'
import { walkInForwards } from './walkins/walkInForwards.js'
import type { ReportingConfig } from './config.js'

/** Clients and names the reporting window handler writes to. */
export interface ReportingWindowDependencies {
  readonly s3: S3Client
  readonly kinesis: KinesisClient
  /** The lake bucket: join-index state under `state/reporting/`, dead letters under `errors/reporting/`. */
  readonly bucket: string
  /** The event stream it consumes (for shard lineage). */
  readonly streamName: string
  /** The partials stream the second stage consumes. */
  readonly partialsStream: string
  /**
   * The stream keyed by `app_uid` the walk-in join consumes: location pings and counted
   * impressions and clicks are forwarded to it. @default none (no walk-ins are counted)
   */
  readonly walkInStream?: string
  readonly config: ReportingConfig
  /** Where the JSON copies (raw_impressions, raw_clicks, raw_aggregates) go. @default straight into the bucket (local) */
  readonly lakeJson?: JsonCopySink
  /** Registers new parquet partitions in the catalog (Glue on AWS). @default none (local views list files) */
  readonly lakePartitions?: PartitionRegistrar
  /** Where each invocation's line and counters go. @default JSON on stdout */
  readonly telemetry?: Telemetry
}

/**
 * Stage 1 of the ad-tech job, a Kinesis tumbling-window handler: the join index in the lake
 * bucket, partial aggregates packed onto the partials stream for the second stage, dead letters in `errors/`, and every distinct event, joined
 * impression and click and partial aggregate in the lake's `parquet_*` tables. With `walkInStream`,
 * location pings and counted impressions and clicks (with their bid's `app_uid`) are forwarded to
 * the walk-in join, keyed by `app_uid`. Join entries are kept for both
 * session timeouts plus ten minutes of arrival time, which also bounds the de-duplication horizon.
 */
export function createReportingWindowHandler(deps: ReportingWindowDependencies) {
  const store = new S3ObjectStore(deps.s3, deps.bucket)
  const { config } = deps
  const lake = new LakeSink({
    store,
    json: deps.lakeJson ?? new BucketJsonSink(store),
    ...(deps.lakePartitions ? { partitions: deps.lakePartitions } : {}),
  })
  const toLake = lakeOutputs(lake, (r: WindowInvocationResult<AdTechInput, AdTechOutput>) => adTechLakeRows(r.emitted.filter(isTransactionOutput), r.partials))
  const forwards = deps.walkInStream
    ? new KinesisRepartitionSink({ kinesis: deps.kinesis, streamName: deps.walkInStream, sourceStream: deps.streamName })
    : undefined
  return createWindowHandler({
    job: adTechJob(config),
    state: new SegmentStateBackend({
      store,
      prefix: 'state/reporting',
      ancestors: shardAncestry(deps.kinesis, deps.streamName),
      retentionMs: config.bidTimeoutMs + config.clickTimeoutMs + 600_000,
    }),
    partials: new KinesisPartialsSink({ kinesis: deps.kinesis, streamName: deps.partialsStream }),
    deadLetters: new DeadLetterSink(store, 'reporting'),
    outputs: async (result) => {
      await Promise.all([toLake(result), forwards?.write(walkInForwards(result.emitted), result.shardId)])
    },
    ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
  })
}

/** The outputs of transaction events: the lake's tables hold those; location pings only go on to the walk-in join. */
function isTransactionOutput(o: AdTechOutput): o is Extract<AdTechOutput, { event: { type: 'bid' | 'imp' | 'click' } }> {
  return o.event.type !== 'location'
}
