import {
  createReportingMergeHandler,
  createReportingWindowHandler,
  createWalkInWindowHandler,
  DEFAULT_REPORTING_CONFIG,
  REPORTING_STAGES,
  type ReportingConfig,
} from '@sdp/reporting'
import { createTrainingWindowHandler, DEFAULT_TRAINING_CONFIG, type TrainingConfig } from '@sdp/ml'
import type { ConsumerDefinition } from './localPlatform.js'
import type { LogRecord } from '@sdp/service-kit'
import { localTelemetry, type Logger } from './logger.js'
import { rawLandingConsumer } from './lake/rawLandingConsumer.js'
import { LOCAL_LAKE_BUCKET } from './lake/localLakePaths.js'
import { jobConsumers, type JobRef } from './jobs/jobConsumers.js'
import { DeadLetterRate } from './metrics/DeadLetterRate.js'

/** Names of the local platform's bucket, table and partials stream (the CDK stack names its own). */
export const SDP_RESOURCES = {
  bucket: LOCAL_LAKE_BUCKET,
  /** The results table the second stage writes and the reports read. */
  aggregatesTable: 'sdp-aggregates',
  /** The exchange between the reporting job's two stages, and its shards when created. */
  partialsStream: 'sdp-partials',
  partialsShards: 2,
  /** The stream keyed by `app_uid` that stage 1 forwards location pings, impressions and clicks to, for the walk-in join. */
  walkInStream: 'sdp-walkins',
  walkInShards: 2,
  /** The results of user jobs (`SDP_JOBS`), written by their second stages. */
  jobResultsTable: 'sdp-job-results',
} as const

/** Settings of the platform's stream consumers (plain data: they cross into the consumer thread). */
export interface SdpConsumerOptions {
  /** @default DEFAULT_REPORTING_CONFIG */
  readonly reporting?: ReportingConfig
  /** @default DEFAULT_TRAINING_CONFIG */
  readonly training?: TrainingConfig
  /** User jobs, each two consumers: `job-<name>` and `job-<name>-merge`. @default none */
  readonly jobs?: readonly JobRef[]
}

/** Logs a window invocation only when it did something besides heartbeats, so an idle platform stays quiet. */
// Only invocations that did something reach the terminal.
const worthShowing = (entry: LogRecord) =>
  Number(entry.events) > 0 ||
  Number(entry.deadLetters) > 0 ||
  Number(entry.partials) > 0 ||
  Number(entry.merged) > 0 ||
  'diagnostics' in entry ||
  entry.job === 'bid-win-training'

/**
 * Telemetry of a consumer's handler: its lines to the terminal when worth showing, its `records`
 * and `deadLetters` metrics into the consumer's dead-letter rate.
 */
const invocationTelemetry = (serviceName: string, logger: Logger, rate: DeadLetterRate) =>
  localTelemetry(serviceName, logger, worthShowing, (emf) => rate.addEmf(Date.now(), emf))

/** A dead-letter rate per consumer name, made on first use. */
function ratesByConsumer(): (consumer: string) => DeadLetterRate {
  const rates = new Map<string, DeadLetterRate>()
  return (consumer) => {
    let rate = rates.get(consumer)
    if (rate === undefined) rates.set(consumer, (rate = new DeadLetterRate()))
    return rate
  }
}

/** The consumer with its last minute's records, dead letters and their ratio added to its `/health` counters. */
function withDeadLetterRate(consumer: ConsumerDefinition, rate: DeadLetterRate): ConsumerDefinition {
  const own = consumer.stats
  return { ...consumer, stats: () => ({ ...own?.(), ...rate.snapshot(Date.now()) }) }
}

/**
 * The platform's stream consumers: the reporting job's two stages (the window handler on the
 * event stream, the merge on the partials stream), the walk-in join on the stream keyed by `app_uid`, the model's training consumer and the raw
 * landing stand-in for Firehose, each the handler deployed to Lambda, built with local clients;
 * then the two stages of each user job.
 * `startSdpPlatform` runs them in the consumer thread.
 */
export function sdpConsumers(options: SdpConsumerOptions = {}): ConsumerDefinition[] {
  const rateOf = ratesByConsumer()
  const raw = rawLandingConsumer({ bucket: SDP_RESOURCES.bucket })
  const consumers: ConsumerDefinition[] = [
    {
      name: REPORTING_STAGES.window,
      handlerFactory: (ctx) =>
        createReportingWindowHandler({
          ...ctx.services,
          bucket: SDP_RESOURCES.bucket,
          streamName: ctx.streamName,
          partialsStream: SDP_RESOURCES.partialsStream,
          walkInStream: SDP_RESOURCES.walkInStream,
          config: options.reporting ?? DEFAULT_REPORTING_CONFIG,
          telemetry: invocationTelemetry('reporting', ctx.logger, rateOf(REPORTING_STAGES.window)),
        }),
    },
    {
      name: 'walkins',
      streamName: SDP_RESOURCES.walkInStream,
      handlerFactory: (ctx) =>
        createWalkInWindowHandler({
          ...ctx.services,
          bucket: SDP_RESOURCES.bucket,
          walkInStream: SDP_RESOURCES.walkInStream,
          partialsStream: SDP_RESOURCES.partialsStream,
          config: options.reporting ?? DEFAULT_REPORTING_CONFIG,
          telemetry: invocationTelemetry('walkins', ctx.logger, rateOf('walkins')),
        }),
    },
    {
      name: REPORTING_STAGES.merge,
      streamName: SDP_RESOURCES.partialsStream,
      handlerFactory: (ctx) =>
        createReportingMergeHandler({
          ...ctx.services,
          bucket: SDP_RESOURCES.bucket,
          resultsTable: SDP_RESOURCES.aggregatesTable,
          partialsStream: SDP_RESOURCES.partialsStream,
          config: options.reporting ?? DEFAULT_REPORTING_CONFIG,
          telemetry: invocationTelemetry('reporting', ctx.logger, rateOf(REPORTING_STAGES.merge)),
        }),
    },
    {
      name: 'ml-training',
      handlerFactory: (ctx) =>
        createTrainingWindowHandler({
          ...ctx.services,
          bucket: SDP_RESOURCES.bucket,
          streamName: ctx.streamName,
          config: options.training ?? DEFAULT_TRAINING_CONFIG,
          telemetry: invocationTelemetry('ml', ctx.logger, rateOf('ml-training')),
        }),
    },
    raw,
    ...jobConsumers(options.jobs ?? [], {
      bucket: SDP_RESOURCES.bucket,
      resultsTable: SDP_RESOURCES.jobResultsTable,
      telemetry: (name, ctx) => invocationTelemetry(name, ctx.logger, rateOf(name)),
    }),
  ]
  // The raw landing stand-in publishes no such metrics (Firehose's transformation dead-letters on its own).
  return consumers.map((consumer) => (consumer === raw ? raw : withDeadLetterRate(consumer, rateOf(consumer.name))))
}
