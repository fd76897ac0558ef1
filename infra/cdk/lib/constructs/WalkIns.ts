import { Duration } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import { TumblingWindowConsumer } from '@sdp/cdk-constructs'
import { Construct } from 'constructs'
import { LAKE_PREFIXES, STREAM_CONSUMER_NODE_OPTIONS } from '../constants.js'
import type { StackSettings } from '../settings.js'
import type { DataLake } from './DataLake.js'
import { EventStream } from './EventStream.js'
import { HandlerFunction } from './HandlerFunction.js'
import { Heartbeat } from './Heartbeat.js'
import type { LakeCatalog } from './LakeCatalog.js'

/** Props of {@link WalkIns}. */
export interface WalkInsProps {
  /** The partials stream of the reporting job: the walk-in counts join stage 1's there. */
  readonly partials: kinesis.IStream
  readonly lake: DataLake
  /** The Glue tables: the join registers new `parquet_walkins` and `parquet_walkin_clicks` partitions. */
  readonly catalog: LakeCatalog
  readonly settings: Pick<
    StackSettings,
    | 'windowSeconds'
    | 'batchSize'
    | 'maxBatchingWindowSeconds'
    | 'partialsStreamMode'
    | 'partialsShardCount'
    | 'aggregationPeriodSeconds'
    | 'bidSessionTimeoutSeconds'
    | 'clickSessionTimeoutSeconds'
    | 'watermarkBoundSeconds'
    | 'allowedLatenessSeconds'
  >
}

/** Lake prefixes of the walk-in join. */
const STATE_PREFIX = `${LAKE_PREFIXES.state}walkins/`
const ERRORS_PREFIX = `${LAKE_PREFIXES.errors}walkins/`
const PARQUET_PREFIXES = [`${LAKE_PREFIXES.parquet}walkins/`, `${LAKE_PREFIXES.parquet}walkin_clicks/`]

/**
 * The walk-in join, keyed by `app_uid`: reporting stage 1 forwards location pings and counted
 * impressions and clicks to the walk-in stream (a raw repartition by `app_uid`); this consumer
 * joins them within the locations session timeout, sends the per-campaign walk-in counts to the
 * partials stream (stage 2 merges them with the other counts) and lands each walk-in in
 * `parquet_walkins` / `parquet_walkin_clicks`. Its own heartbeat keeps quiet shards' watermarks moving.
 */
export class WalkIns extends Construct {
  /** The stream keyed by `app_uid`: stage 1 writes it. */
  readonly stream: kinesis.IStream
  readonly handler: HandlerFunction
  readonly consumer: TumblingWindowConsumer
  readonly heartbeat: Heartbeat

  constructor(scope: Construct, id: string, props: WalkInsProps) {
    super(scope, id)
    const { lake, partials, settings, catalog } = props
    this.stream = new EventStream(this, 'Stream', { mode: settings.partialsStreamMode, shardCount: settings.partialsShardCount }).stream
    this.handler = new HandlerFunction(this, 'Handler', {
      handler: 'walkins',
      description:
        'Walk-in join, a Kinesis tumbling-window consumer of the stream keyed by app_uid: joins location pings to impressions and clicks, sends walk-in counts to stage 2',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
        LAKE_BUCKET: lake.bucket.bucketName,
        WALKIN_STREAM: this.stream.streamName,
        PARTIALS_STREAM: partials.streamName,
        GLUE_DATABASE: catalog.databaseName,
        AGGREGATION_PERIOD_SECONDS: String(settings.aggregationPeriodSeconds),
        BID_SESSION_TIMEOUT_SECONDS: String(settings.bidSessionTimeoutSeconds),
        CLICK_SESSION_TIMEOUT_SECONDS: String(settings.clickSessionTimeoutSeconds),
        WATERMARK_BOUND_SECONDS: String(settings.watermarkBoundSeconds),
        ALLOWED_LATENESS_SECONDS: String(settings.allowedLatenessSeconds),
      },
    })
    const role = this.handler.role
    lake.grantObjects(role, [STATE_PREFIX], ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
    lake.grantList(role, [STATE_PREFIX])
    lake.grantObjects(role, [ERRORS_PREFIX, ...PARQUET_PREFIXES], ['s3:PutObject'])
    partials.grantWrite(role)
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kinesis:ListShards'], resources: [partials.streamArn] }))
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['glue:CreatePartition'], resources: catalog.glueArns(['parquet_walkins', 'parquet_walkin_clicks']) }),
    )
    this.consumer = new TumblingWindowConsumer(this, 'Consumer', {
      stream: this.stream,
      fn: this.handler.fn,
      windowSeconds: settings.windowSeconds,
      batchSize: settings.batchSize,
      maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds,
    })
    this.heartbeat = new Heartbeat(this, 'Heartbeat', { stream: this.stream, description: 'Walk-in stream: writes a heartbeat record into every open shard' })
  }

  /** Lets reporting stage 1 forward to the walk-in stream, and tells it where. */
  connectStage1(window: { readonly role: iam.IRole; readonly fn: lambda.Function }): void {
    this.stream.grantWrite(window.role)
    window.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kinesis:ListShards'], resources: [this.stream.streamArn] }))
    window.fn.addEnvironment('WALKIN_STREAM', this.stream.streamName)
  }
}
