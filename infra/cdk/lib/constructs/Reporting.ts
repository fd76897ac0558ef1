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
import { TumblingWindowConsumer } from './TumblingWindowConsumer.js'

/** Props of {@link Reporting}. */
export interface ReportingProps {
  readonly api: PlatformApi
  readonly stream: kinesis.IStream
  readonly lake: DataLake
  /** The Glue tables: the lake sink registers new `parquet_*` partitions. */
  readonly catalog: LakeCatalog
  /** Where the job's lake sink writes its JSON copies. */
  readonly lakeSink: LakeSinkTargets
  /** Window, batching and job settings (tumbling window, period, timeouts, watermark, lateness). */
  readonly settings: Pick<
    StackSettings,
    | 'windowSeconds'
    | 'batchSize'
    | 'maxBatchingWindowSeconds'
    | 'aggregationPeriodSeconds'
    | 'bidSessionTimeoutSeconds'
    | 'clickSessionTimeoutSeconds'
    | 'watermarkBoundSeconds'
    | 'allowedLatenessSeconds'
  >
}

/** Lake prefixes of the reporting job. */
const STATE_PREFIX = `${LAKE_PREFIXES.state}reporting/`
const ERRORS_PREFIX = `${LAKE_PREFIXES.errors}reporting/`

/**
 * The ad-tech reporting job: the aggregates table (partial accumulators per campaign and period),
 * the window Lambda on its tumbling-window event source, and the reports API
 * (`GET /reports/campaigns/{campaign_item_id}` and `.../period`).
 */
export class Reporting extends Construct {
  readonly aggregates: dynamodb.Table
  readonly window: HandlerFunction
  readonly consumer: TumblingWindowConsumer
  readonly reports: HandlerFunction

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id)
    const { settings, lake, stream } = props
    this.aggregates = new dynamodb.Table(this, 'Aggregates', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.NUMBER },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    this.window = new HandlerFunction(this, 'Window', {
      handler: 'window',
      description: 'Kinesis tumbling-window consumer: joins and counts events per campaign and period',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
        LAKE_BUCKET: lake.bucket.bucketName,
        AGGREGATES_TABLE: this.aggregates.tableName,
        STREAM_NAME: stream.streamName,
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
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [this.aggregates.tableArn] }),
    )
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

    this.reports = new HandlerFunction(this, 'Reports', {
      handler: 'reports',
      description: 'GET /reports/campaigns/{campaign_item_id}[/period]: totals and period buckets; the campaigns list and metrics',
      memorySize: 512,
      timeout: Duration.seconds(15),
      environment: { AGGREGATES_TABLE: this.aggregates.tableName, LAKE_BUCKET: lake.bucket.bucketName },
    })
    // Query for one campaign; Scan for the dashboard's campaigns list.
    this.reports.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query', 'dynamodb:Scan'], resources: [this.aggregates.tableArn] }),
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
