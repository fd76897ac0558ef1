import { localTelemetry } from './logger.js'
import { createIngestHandler } from '@sdp/ingest'
import { createReportsHandler, reportLagMs, type ReportingConfig } from '@sdp/reporting'
import { resultsTableDefinition, startHeartbeatTicker } from '@sdp/stream-runtime'
import { createPredictHandler, type PredictionConfig, type TrainingConfig } from '@sdp/ml'
import { startLocalPlatform, type LocalPlatform, type LocalPlatformConfig, type LocalPlatformContext } from './localPlatform.js'
import type { PlatformRoute } from './localPlatform.js'
import { startCompactionSchedule } from './lake/startCompactionSchedule.js'
import { dashboardRoutes, LiveQueries, LocalPlatformMetrics, sqlRoutes } from './dashboard/index.js'
import { SDP_RESOURCES, type SdpConsumerOptions } from './sdpConsumers.js'
import { siblingModule } from './_internal/startWorker.js'
import { loadJobFiles } from './jobs/loadJobFile.js'
import { jobResultsRoute } from './jobs/jobResultsRoute.js'
import { JOB_PARTIALS_SHARDS, jobPartialsStream } from './jobs/jobConsumers.js'
import { assertDistinctJobTables } from './jobs/localJobTables.js'

export { SDP_RESOURCES }

// The consumers are built from this module inside the consumer thread.
const CONSUMERS = siblingModule('./sdpConsumers', import.meta.url)

/** Settings of the streaming data platform on top of the generic local platform's. */
export interface SdpPlatformConfig extends Omit<LocalPlatformConfig, 'consumers' | 'routes' | 'resources'> {
  /** The ad-tech job's settings. @default DEFAULT_REPORTING_CONFIG (or read from the environment by main) */
  readonly reporting?: ReportingConfig
  /** The bid-win model's training settings. @default DEFAULT_TRAINING_CONFIG */
  readonly training?: TrainingConfig
  /** The predictions API's settings. @default threshold 0.5 */
  readonly prediction?: PredictionConfig
  /** How often compaction runs over closed partitions; 0 turns the schedule off. @default 300000 */
  readonly compactionIntervalMs?: number
  /**
   * Job files to run beside the built-in consumers (`SDP_JOBS`): each exports a `defineWindowJob`
   * job (`export default`, or `export const job`), gets consumers `job-<name>` and
   * `job-<name>-merge`, its results at `GET /jobs/<name>/results` and in the lake table
   * `parquet_job_<name>`. @default none
   */
  readonly jobs?: readonly string[]
}

/**
 * The API routes of the platform: ingest, reports and predictions, each the very Lambda handler that
 * runs on AWS; the dashboard, and its SQL page's live queries over the event stream (local only).
 */
const routes =
  (prediction: PredictionConfig | undefined, metrics: LocalPlatformMetrics, jobs: readonly string[]) =>
  (ctx: LocalPlatformContext): PlatformRoute[] => {
    const { kinesis, dynamodb, s3 } = ctx.services
    const ingest = metrics.meterIngest(createIngestHandler({ kinesis, streamName: ctx.streamName }))
    const reports = createReportsHandler({ dynamodb, tableName: SDP_RESOURCES.aggregatesTable, logger: localTelemetry('reports-api', ctx.logger).logger })
    const predict = createPredictHandler({ s3, bucket: SDP_RESOURCES.bucket, ...prediction })
    return [
      { method: 'POST', resource: '/predictions', handler: predict, name: 'predictions' },
      ...['/bid', '/click', '/impression', '/events'].map((resource) => ({ method: 'POST' as const, resource, handler: ingest, name: 'ingest' })),
      { method: 'GET' as const, resource: '/reports/campaigns/{campaign_item_id}', handler: reports, name: 'reports' },
      { method: 'GET' as const, resource: '/reports/campaigns/{campaign_item_id}/period', handler: reports, name: 'reports' },
      jobResultsRoute({ dynamodb, tableName: SDP_RESOURCES.jobResultsTable, jobs }),
      ...dashboardRoutes({ dynamodb, s3, aggregatesTable: SDP_RESOURCES.aggregatesTable, bucket: SDP_RESOURCES.bucket, metrics }),
      ...sqlRoutes(new LiveQueries({ kinesis, streamName: ctx.streamName })),
    ]
  }

/**
 * Starts the whole platform on one machine: local AWS services, the stream consumers (the
 * reporting job's two stages, the model's training consumer and the raw landing stand-in for
 * Firehose, in a worker thread of their own), the HTTP routes (ingest, reports, predictions), the
 * heartbeat ticker and the compaction schedule; plus the user jobs of `jobs`, each two consumers
 * (its stages, with a partials stream between them), its results over HTTP and in the lake. The handlers are the ones deployed to Lambda, built with local clients.
 *
 * @throws ConfigError naming a job file that does not load or exports no job
 */
export async function startSdpPlatform(config: SdpPlatformConfig): Promise<LocalPlatform> {
  // Loaded here first, so a file that fails stops the start with its reason before anything runs.
  const jobs = (await loadJobFiles(config.jobs ?? [])).map(({ name, file }) => ({ name, file }))
  assertDistinctJobTables(jobs.map((j) => j.name))
  const metrics = new LocalPlatformMetrics()
  const platform = await startLocalPlatform({
    ...config,
    resources: {
      streams: [
        { name: SDP_RESOURCES.partialsStream, shardCount: SDP_RESOURCES.partialsShards },
        { name: SDP_RESOURCES.walkInStream, shardCount: SDP_RESOURCES.walkInShards },
        ...jobs.map((j) => ({ name: jobPartialsStream(j.name), shardCount: JOB_PARTIALS_SHARDS })),
      ],
      tables: [resultsTableDefinition(SDP_RESOURCES.aggregatesTable), resultsTableDefinition(SDP_RESOURCES.jobResultsTable)],
      buckets: [SDP_RESOURCES.bucket],
    },
    healthExtras: (mappings) => ({ reportLagMs: reportLagMs(mappings.map((m) => ({ name: m.name, lagMs: m.lagMs() }))) }),
    // In a thread of their own: a handler's batch must not hold up ingest requests.
    consumers: {
      module: CONSUMERS,
      exportName: 'sdpConsumers',
      options: { reporting: config.reporting, training: config.training, jobs } satisfies SdpConsumerOptions,
    },
    routes: routes(
      config.prediction,
      metrics,
      jobs.map((j) => j.name),
    ),
  })
  metrics.attach(platform)
  const logger = config.logger
  // The walk-in join's stream gets heartbeats too, so its quiet shards still move event time.
  const ticker = startHeartbeatTicker({
    kinesis: platform.services.kinesis,
    streamName: SDP_RESOURCES.walkInStream,
    intervalMs: config.heartbeatIntervalMs ?? 1_000,
    onError: (error) => logger?.warn('heartbeat tick failed', { stream: SDP_RESOURCES.walkInStream, error }),
  })
  const interval = config.compactionIntervalMs ?? 300_000
  const compaction =
    interval === 0
      ? undefined
      : startCompactionSchedule({
          s3: platform.services.s3,
          dataDir: platform.dataDir,
          intervalMs: interval,
          onReport: (report) => (metrics.recordCompaction(report), logger?.info('compaction pass', { ...report })),
          onError: (error) => logger?.warn('compaction pass failed', { error }),
        })
  // The platform's crash path closes through this too, so a dead thread also stops the schedule.
  const close = platform.close.bind(platform)
  return Object.defineProperty(platform, 'close', { value: async () => (await Promise.all([ticker.stop(), compaction?.stop()]), close()) })
}
