import { Duration } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import * as iam from 'aws-cdk-lib/aws-iam'
import type * as kinesis from 'aws-cdk-lib/aws-kinesis'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import { LAKE_TABLE_NAMES } from '@sdp/catalog'
import { resultsTable, StreamAggregation, type BundledFunction, type JobMergeStage, type TumblingWindowConsumer } from '@sdp/cdk-constructs'
import { Construct } from 'constructs'
import { LAKE_PREFIXES, STREAM_CONSUMER_NODE_OPTIONS } from '../constants.js'
import type { StackSettings } from '../settings.js'
import type { DataLake } from './DataLake.js'
import type { LakeCatalog } from './LakeCatalog.js'
import { HandlerFunction, platformHandlerCode } from './HandlerFunction.js'
import type { PlatformApi } from './PlatformApi.js'
import type { LakeSinkTargets } from './RawLanding.js'

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
 * The ad-tech reporting job in two stages, deployed as any job is, one {@link StreamAggregation}:
 * stage 1 on the event stream joins and counts events and packs its partial counts onto the
 * partials stream; stage 2 merges them once into the results table (totals, hour and day items per
 * campaign), which the reports API reads (`GET /reports/campaigns/{campaign_item_id}` and `.../period`).
 */
export class Reporting extends Construct {
  /** The results table (`pk` and `sk` strings; output `AggregatesTableName`). */
  readonly aggregates: dynamodb.Table
  /** Both stages, with their dead-letter-rate alarm. */
  readonly stages: StreamAggregation
  /** Stage 1's function and mapping. */
  readonly window: BundledFunction
  readonly consumer: TumblingWindowConsumer
  /** Stage 2: the merge function on its mapping of the partials stream. */
  readonly merge: JobMergeStage
  readonly reports: HandlerFunction

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id)
    // Layout: `dir`/<slot>, `k#<key>`/`head`, `h#<key>`/<hour>, `d#<key>`/<day>, `m#<key>`/<month>.
    this.aggregates = resultsTable(this, 'Aggregates')
    this.stages = createStages(this, props, this.aggregates)
    this.window = this.stages.handler
    this.consumer = this.stages.consumer
    this.merge = this.stages.merge as JobMergeStage
    grantLakeSink(this.window, props)
    this.reports = createReportsApi(this, this.aggregates, props.lake)
    addReportRoutes(props.api, this.reports.fn)
  }
}

/**
 * Both stages as one stream aggregation. Stage 1 keeps its state and dead letters under
 * `state/reporting/` and `errors/reporting/` and sends its partials onto the partials stream
 * (PutRecords of packed partials, explicit hash keys; no DynamoDB at all); stage 2 keeps its own
 * under `…/reporting-merge/` and writes the results table with conditional `PutItem` only. Both
 * stages publish their metrics as `reporting`, so the alarm watches the one dead-letter rate.
 */
function createStages(scope: Construct, props: ReportingProps, results: dynamodb.ITable): StreamAggregation {
  const { settings, lake } = props
  // Id 'Default' is left out of logical ids: the functions, mappings and queues keep the ids they
  // had when the reporting construct created them itself (`Merge` included).
  return new StreamAggregation(scope, 'Default', {
    name: 'reporting',
    code: platformHandlerCode('window'),
    stream: props.stream,
    bucket: lake.bucket,
    statePrefix: STATE_PREFIX,
    deadLetterPrefix: ERRORS_PREFIX,
    partialsStream: props.partials,
    resultsTable: results,
    metricsService: 'reporting',
    windowSeconds: settings.windowSeconds,
    batchSize: settings.batchSize,
    maxBatchingWindowSeconds: settings.maxBatchingWindowSeconds,
    mergeWindowSeconds: settings.mergeWindowSeconds,
    mergeBatchSize: settings.mergeBatchSize,
    mergeMaxBatchingWindowSeconds: settings.mergeMaxBatchingWindowSeconds,
    mergeHandler: {
      code: platformHandlerCode('merge'),
      metricsService: 'reporting',
      description: 'Kinesis tumbling-window consumer: merges the partial counts of reporting stage 1 into the results table (stage 2)',
      environment: {
        NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
        AGGREGATES_TABLE: results.tableName,
        ALLOWED_LATENESS_SECONDS: String(settings.allowedLatenessSeconds),
      },
    },
    description: 'Kinesis tumbling-window consumer: joins and counts events per campaign and period, sends the partial counts to stage 2 (reporting stage 1)',
    environment: {
      NODE_OPTIONS: STREAM_CONSUMER_NODE_OPTIONS,
      AGGREGATION_PERIOD_SECONDS: String(settings.aggregationPeriodSeconds),
      BID_SESSION_TIMEOUT_SECONDS: String(settings.bidSessionTimeoutSeconds),
      CLICK_SESSION_TIMEOUT_SECONDS: String(settings.clickSessionTimeoutSeconds),
      WATERMARK_BOUND_SECONDS: String(settings.watermarkBoundSeconds),
      ALLOWED_LATENESS_SECONDS: String(settings.allowedLatenessSeconds),
      GLUE_DATABASE: props.catalog.databaseName,
      ...props.lakeSink.environment,
    },
  })
}

/** The lake sink of stage 1: JSON copies through Firehose, new `parquet_*` partitions in Glue. */
function grantLakeSink(window: BundledFunction, props: ReportingProps): void {
  props.lakeSink.grantWrite(window.role)
  window.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['glue:CreatePartition'],
      resources: props.catalog.glueArns(LAKE_TABLE_NAMES.filter((name) => name.startsWith('parquet_'))),
    }),
  )
}

/** The reports API's function and what it may read. */
function createReportsApi(scope: Construct, aggregates: dynamodb.Table, lake: DataLake): HandlerFunction {
  const reports = new HandlerFunction(scope, 'Reports', {
    handler: 'reports',
    description: 'GET /reports/campaigns/{campaign_item_id}[/period]: totals and period buckets; the campaigns list and metrics',
    memorySize: 512,
    timeout: Duration.seconds(15),
    environment: { AGGREGATES_TABLE: aggregates.tableName, LAKE_BUCKET: lake.bucket.bucketName },
  })
  // GetItem for a campaign's totals, Query for the campaigns list and for day and hour ranges,
  // BatchGetItem for the few hours a period bucket's edges cut. No Scan.
  reports.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
      resources: [aggregates.tableArn],
    }),
  )
  // /reports/metrics: dead letters under errors/ and the model's latest pointer.
  lake.grantList(reports.role, [LAKE_PREFIXES.errors])
  lake.grantObjects(reports.role, [LAKE_PREFIXES.errors, LAKE_PREFIXES.models], ['s3:GetObject'])
  return reports
}

/** The routes of the reports API, with the query parameters each accepts. */
function addReportRoutes(api: PlatformApi, fn: lambda.IFunction): void {
  api.addRoute('GET', '/reports/campaigns', fn, {
    requestParameters: Object.fromEntries(['search', 'sort', 'order', 'limit', 'cursor'].map((q) => [`method.request.querystring.${q}`, false])),
  })
  api.addRoute('GET', '/reports/metrics', fn)
  const campaign = { 'method.request.path.campaign_item_id': true }
  api.addRoute('GET', '/reports/campaigns/{campaign_item_id}', fn, { requestParameters: campaign })
  api.addRoute('GET', '/reports/campaigns/{campaign_item_id}/period', fn, {
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
