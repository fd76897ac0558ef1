import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { BidWinModel } from './constructs/BidWinModel.js'
import { Compaction } from './constructs/Compaction.js'
import { DataLake } from './constructs/DataLake.js'
import { EventStream } from './constructs/EventStream.js'
import { Heartbeat } from './constructs/Heartbeat.js'
import { WalkIns } from './constructs/WalkIns.js'
import { Ingest } from './constructs/Ingest.js'
import { LakeCatalog } from './constructs/LakeCatalog.js'
import { Monitoring } from './constructs/Monitoring.js'
import { PlatformApi } from './constructs/PlatformApi.js'
import { RawLanding } from './constructs/RawLanding.js'
import { Reporting } from './constructs/Reporting.js'
import type { StackSettings } from './settings.js'

/** Props of {@link StreamingDataPlatformStack}. */
export interface StreamingDataPlatformStackProps extends StackProps {
  /** The validated context settings (`readSettings`). */
  readonly settings: StackSettings
}

/**
 * The whole platform in one deploy: ingest API → Kinesis → the reporting (stage 1 → partials
 * stream → stage 2) and training consumers (Lambda tumbling windows) → DynamoDB and the S3 lake
 * (Firehose raw landing, compaction, Glue, Athena) → reports and predictions APIs, with the
 * heartbeat ticker, alarms and a dashboard.
 */
export class StreamingDataPlatformStack extends Stack {
  readonly stream: EventStream
  /** The partials stream between the two reporting stages. */
  readonly partials: EventStream
  readonly lake: DataLake
  readonly api: PlatformApi
  readonly ingest: Ingest
  readonly landing: RawLanding
  readonly reporting: Reporting
  readonly heartbeat: Heartbeat
  /** The walk-in join on the stream keyed by `app_uid`. */
  readonly walkIns: WalkIns
  readonly catalog: LakeCatalog
  readonly compaction: Compaction
  readonly model: BidWinModel
  readonly monitoring: Monitoring

  constructor(scope: Construct, id: string, props: StreamingDataPlatformStackProps) {
    super(scope, id, props)
    const { settings } = props
    const names = settings.stageName.toLowerCase().replace(/-/g, '_')

    this.stream = new EventStream(this, 'Events', {
      mode: settings.streamMode,
      shardCount: settings.shardCount,
      retentionHours: settings.streamRetentionHours,
    })
    const stream = this.stream.stream
    // Same retention as the event stream: stage 2 retries a failing batch as long as it is kept,
    // and the state lifecycle below covers both streams.
    this.partials = new EventStream(this, 'Partials', {
      mode: settings.partialsStreamMode,
      shardCount: settings.partialsShardCount,
      retentionHours: settings.streamRetentionHours,
    })
    this.lake = new DataLake(this, 'Lake', {
      rawRetentionDays: settings.rawRetentionDays,
      errorRetentionDays: settings.errorRetentionDays,
      // A checkpoint must outlive every record it covers that the stream may still replay.
      stateRetentionDays: Math.ceil(settings.streamRetentionHours / 24) + 1,
    })
    const lake = this.lake
    this.api = new PlatformApi(this, 'Api', {
      stageName: settings.stageName,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
    })
    const api = this.api

    this.catalog = new LakeCatalog(this, 'LakeCatalog', {
      lake,
      databaseName: `sdp_${names}`,
      workGroupName: `sdp-${settings.stageName}`,
    })
    this.ingest = new Ingest(this, 'Ingest', { api, stream })
    this.landing = new RawLanding(this, 'RawLanding', { stream, lake })
    this.reporting = new Reporting(this, 'Reporting', {
      api,
      stream,
      partials: this.partials.stream,
      lake,
      catalog: this.catalog,
      lakeSink: this.landing.lakeSink,
      settings,
    })
    this.walkIns = new WalkIns(this, 'WalkIns', { partials: this.partials.stream, lake, catalog: this.catalog, settings })
    this.walkIns.connectStage1(this.reporting.window)
    this.heartbeat = new Heartbeat(this, 'Heartbeat', { stream })
    this.compaction = new Compaction(this, 'Compaction', {
      lake,
      catalog: this.catalog,
      targetMb: settings.compactionTargetMb,
      scheduleMinutes: settings.compactionScheduleMinutes,
    })
    this.model = new BidWinModel(this, 'BidWinModel', { api, stream, lake, settings })

    this.monitoring = this.createMonitoring(settings)
    this.addOutputs()
  }

  /** Alarms on every consumer and function (stage 1's dead-letter rate included), and the dashboard. */
  private createMonitoring(settings: StackSettings): Monitoring {
    const stream = this.stream.stream
    const api = this.api
    return new Monitoring(this, 'Monitoring', {
      stream,
      otherStreams: { partials: this.partials.stream, walkins: this.walkIns.stream },
      api: api.api,
      windowSeconds: settings.windowSeconds,
      consumers: [
        { name: 'Reporting', fn: this.reporting.window.fn, failures: this.reporting.consumer.failures },
        {
          name: 'ReportingMerge',
          fn: this.reporting.merge.handler.fn,
          failures: this.reporting.merge.consumer.failures,
          windowSeconds: settings.mergeWindowSeconds,
        },
        { name: 'WalkIns', fn: this.walkIns.handler.fn, failures: this.walkIns.consumer.failures },
        { name: 'Training', fn: this.model.train.fn, failures: this.model.consumer.failures },
      ],
      functions: [
        { name: 'Ingest', fn: this.ingest.handler.fn },
        { name: 'ReportingWindow', fn: this.reporting.window.fn },
        { name: 'ReportingMerge', fn: this.reporting.merge.handler.fn },
        { name: 'Reports', fn: this.reporting.reports.fn },
        { name: 'WalkIns', fn: this.walkIns.handler.fn },
        { name: 'Heartbeat', fn: this.heartbeat.handler.fn },
        { name: 'WalkInHeartbeat', fn: this.walkIns.heartbeat.handler.fn },
        { name: 'FirehoseTransform', fn: this.landing.transform.fn },
        { name: 'Training', fn: this.model.train.fn },
        { name: 'Predictions', fn: this.model.predict.fn },
      ],
      compaction: this.compaction.handler.fn,
      compactionScheduleMinutes: settings.compactionScheduleMinutes,
      alarms: [this.reporting.stages.deadLetterAlarm],
      deliveryStreams: Object.fromEntries([this.landing.rawBcns, ...this.landing.jsonCopies].map((d) => [d.node.id, d.deliveryStreamName])),
    })
  }

  /** The stack outputs. */
  private addOutputs(): void {
    const { api, lake } = this
    const stream = this.stream.stream
    // Output names are part of the public interface (README, "Outputs"): keep them exact.
    new CfnOutput(this, 'UrlForAPI', { value: api.api.url, description: 'Base URL of the ingest routes: POST bid, click, impression, events' })
    new CfnOutput(this, 'UrlForReports', {
      value: api.urlFor('reports/campaigns'),
      description: 'GET <url>/{campaign_item_id} and <url>/{campaign_item_id}/period',
    })
    new CfnOutput(this, 'UrlForPredictions', { value: api.urlFor('predictions'), description: 'POST bid features, get a win probability' })
    new CfnOutput(this, 'ApiClientPolicyArn', { value: api.clientPolicy.managedPolicyArn, description: 'Attach to the roles that call the API (SigV4)' })
    new CfnOutput(this, 'StreamName', { value: stream.streamName })
    new CfnOutput(this, 'PartialsStreamName', { value: this.partials.stream.streamName })
    new CfnOutput(this, 'LakeBucketName', { value: lake.bucket.bucketName })
    new CfnOutput(this, 'AggregatesTableName', { value: this.reporting.aggregates.tableName })
    new CfnOutput(this, 'GlueDatabaseName', { value: this.catalog.databaseName })
    new CfnOutput(this, 'AthenaWorkGroupName', { value: this.catalog.workGroup.ref })
    new CfnOutput(this, 'LakeQueryPolicyArn', {
      value: this.catalog.queryPolicy.managedPolicyArn,
      description: 'Attach to the roles that query the lake with Athena',
    })
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'Subscribe to receive the alarms' })
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName })
  }
}
