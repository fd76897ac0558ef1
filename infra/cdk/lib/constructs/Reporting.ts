import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import { LAKE_TABLE_NAMES } from '@sdp/catalog'
import { Construct } from 'constructs'
import { LAKE_PREFIXES, STREAM_CONSUMER_NODE_OPTIONS } from '../constants.js'
import type { StackSettings } from '../settings.js'
import type { DataLake } from './DataLake.js'
import type { LakeCatalog } from './LakeCatalog.js'
import { HandlerFunction } from './HandlerFunction.js'
import type { PlatformApi } from './PlatformApi.js'
import type { LakeSinkTargets } from './RawLanding.js'
import { ReportingMerge } from './ReportingMerge.js'
import { TumblingWindowConsumer } from './TumblingWindowConsumer.js'

/** Props of {@link Reporting}. */
export interface ReportingProps {
  readonly api: PlatformApi
  /** The event stream stage 1 consumes. */
  readonly stream: kinesis.IStream
  /** The partials stream: stage 1 writes its packed partial aggregates to it, stage 2 consumes it. */
  readonly partials: kinesis.IStream
  readonly lake: DataLake
  /** The Glue tables: the lake sink registers new `parquet_*` partitions. */
  readonly catalog: LakeCatalog
  /** Where the job's lake sink writes its JSON copies. */
  readonly lakeSink: LakeSinkTargets
  /**
   * Window and batching of each stage (stage 1: `windowSeconds`…, stage 2: `mergeWindowSeconds`…)
   * and the job settings (period, timeouts, watermark, lateness).
   */
  readonly settings: Pick<
    StackSettings,
    | 'windowSeconds'
    | 'batchSize'
    | 'maxBatchingWindowSeconds'
    | 'mergeWindowSeconds'
    | 'mergeBatchSize'
    | 'mergeMaxBatchingWindowSeconds'
    | 'aggregationPeriodSeconds'
    | 'bidSessionTimeoutSeconds'
    | 'clickSessionTimeoutSeconds'
    | 'watermarkBoundSeconds'
    | 'allowedLatenessSeconds'
  >
}

/** Lake prefixes of stage 1. */
const STATE_PREFIX = `${LAKE_PREFIXES.state}reporting/`
const ERRORS_PREFIX = `${LAKE_PREFIXES.errors}reporting/`

/**
 * The ad-tech reporting job in two stages. Stage 1, the window Lambda on a tumbling-window event
 * source of the event stream, joins and counts events and packs its partial counts onto the
 * partials stream; stage 2 ({@link ReportingMerge}) merges them once into the results table
 * (totals, hour and day items per campaign), which the reports API reads
 * (`GET /reports/campaigns/{campaign_item_id}` and `.../period`).
 */
export class Reporting extends Construct {
  /** The results table (`pk` and `sk` strings; output `AggregatesTableName`). */
  readonly aggregates: dynamodb.Table
  /** Stage 1. */
  readonly window: HandlerFunction
  readonly consumer: TumblingWindowConsumer
  /** Stage 2. */
  readonly merge: ReportingMerge
  readonly reports: HandlerFunction

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id)
    const { settings, lake, stream, partials } = props
    // The layout of stream-runtime's resultsTableDefinition: `dir`/<key>, `h#<key>`/<hour>, `d#<key>`/<day>.
    this.aggregates = new dynamodb.Table(this, 'Aggregates', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    this.window = new HandlerFunction(this, 'Window', {
      handler: 'window',
      description: 'Kinesis tumbling-window consumer: joins and counts events per campaign and period, sends the partial counts to stage 2 (reporting stage 1)',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
        LAKE_BUCKET: lake.bucket.bucketName,
        STREAM_NAME: stream.streamName,
        PARTIALS_STREAM: partials.streamName,
        AGGREGATION_PERIOD_SECONDS: String(settings.aggregationPeriodSeconds),
        BID_SESSION_TIMEOUT_SECONDS: String(settings.bidSessionTimeoutSeconds),
        CLICK_SESSION_TIMEOUT_SECONDS: String(settings.clickSessionTimeoutSeconds),
        WATERMARK_BOUND_SECONDS: String(settings.watermarkBoundSeconds),
        ALLOWED_LATENESS_SECONDS: String(settings.allowedLatenessSeconds),
        GLUE_DATABASE: props.catalog.databaseName,
        ...props.lakeSink.environment,
      },
    })
    const role = this.window.role
    lake.grantObjects(role, [STATE_PREFIX], ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'])
    lake.grantList(role, [STATE_PREFIX])
    lake.grantObjects(role, [ERRORS_PREFIX], ['s3:PutObject'])
    // PutRecords of packed partials (one record per key group, explicit hash keys); no DynamoDB at all.
    partials.grantWrite(role)
    props.lakeSink.grantWrite(role)
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:CreatePartition'],
        resources: props.catalog.glueArns(LAKE_TABLE_NAMES.filter((name) => name.startsWith('parquet_'))),
      }),
    )
    this.consumer = new TumblingWindowConsumer(this, 'Consumer', {
      stream,
      fn: this.window.fn,
      windowSeconds: settings.windowSeconds,
      batchSize: settings.batchSize,
      maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds,
    })

    this.merge = new ReportingMerge(this, 'Merge', { partials, results: this.aggregates, lake, settings })

    this.reports = new HandlerFunction(this, 'Reports', {
      handler: 'reports',
      description: 'GET /reports/campaigns/{campaign_item_id}[/period]: totals and period buckets; the campaigns list and metrics',
      memorySize: 512,
      timeout: Duration.seconds(15),
      environment: { AGGREGATES_TABLE: this.aggregates.tableName, LAKE_BUCKET: lake.bucket.bucketName },
    })
    // GetItem for a campaign's totals, Query for the campaigns list and for day and hour ranges,
    // BatchGetItem for the few hours a period bucket's edges cut. No Scan.
    this.reports.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
        resources: [this.aggregates.tableArn],
      }),
    )
    // /reports/metrics: dead letters under errors/ and the model's latest pointer.
    lake.grantList(this.reports.role, [LAKE_PREFIXES.errors])
    lake.grantObjects(this.reports.role, [LAKE_PREFIXES.errors, LAKE_PREFIXES.models], ['s3:GetObject'])
    props.api.addRoute('GET', '/reports/campaigns', this.reports.fn, {
      requestParameters: Object.fromEntries(['search', 'sort', 'order', 'limit', 'cursor'].map((q) => [`method.request.querystring.${q}`, false])),
    })
    props.api.addRoute('GET', '/reports/metrics', this.reports.fn)
    const campaign = { 'method.request.path.campaign_item_id': true }
    props.api.addRoute('GET', '/reports/campaigns/{campaign_item_id}', this.reports.fn, { requestParameters: campaign })
    props.api.addRoute('GET', '/reports/campaigns/{campaign_item_id}/period', this.reports.fn, {
      requestParameters: {
        ...campaign,
        'method.request.querystring.period': false,
        'method.request.querystring.timezone': false,
        'method.request.querystring.from': false,
        'method.request.querystring.to': false,
        'method.request.querystring.desc': false,
      },
    })
  }
}
