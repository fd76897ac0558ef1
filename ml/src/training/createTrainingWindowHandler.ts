import type { KinesisClient } from '@aws-sdk/client-kinesis'
import type { S3Client } from '@aws-sdk/client-s3'
import { lastSequenceOf, type KinesisWindowEvent, type KinesisWindowResponse } from '@sdp/aggregation-engine'
import { createTelemetry, reportCounts, type Telemetry } from '@sdp/service-kit'
import { DeadLetterSink, S3ObjectStore, SegmentStateBackend, createWindowHandler, shardAncestry, type ObjectStore } from '@sdp/stream-runtime'
import type { TrainingConfig } from '../config.js'
import { MlError } from '../errors.js'
import { bidWinJob } from '../job/bidWinJob.js'
import { ModelRepository } from '../store/ModelRepository.js'
import { ShardTrainer } from './ShardTrainer.js'

/** Clients, names and settings of the training consumer. */
export interface TrainingWindowDependencies {
  readonly s3: S3Client
  /** The lake bucket: join state under `state/ml-bid-win/`, the model under `models/bid-win/`, dead letters under `errors/ml-training/`. */
  readonly bucket: string
  readonly config: TrainingConfig
  /** With `streamName`: shard lineage from ListShards, so a child shard inherits its parents' join state. */
  readonly kinesis?: KinesisClient
  readonly streamName?: string
  /** Shard lineage given directly (tests, single-shard setups), instead of `kinesis` + `streamName`. */
  readonly ancestors?: (shardId: string) => Promise<readonly string[]>
  /** Another object store than `s3`/`bucket` (tests). @default S3ObjectStore(s3, bucket) */
  readonly store?: ObjectStore
  /** One structured line (and its counters as metrics) per invocation and per training run. @default JSON on stdout, service `ml` */
  readonly telemetry?: Telemetry
}

/**
 * The Kinesis tumbling-window handler that trains the bid-win model: the example job's join state
 * in the lake through the segment backend; each invocation's examples stored under a name derived
 * from its records; and at each shard's final invoke, the shard's learner trained on them and a
 * new model version published (see {@link ShardTrainer}). Everything is written before Lambda is
 * answered, and every write is named by the records that caused it.
 *
 * @example
 * const handle = createTrainingWindowHandler({ s3, kinesis, bucket: 'sdp-lake', streamName: 'sdp-events', config: trainingConfigFromEnv() })
 * const response = await handle(windowEvent)
 */
export function createTrainingWindowHandler(deps: TrainingWindowDependencies): (event: KinesisWindowEvent) => Promise<KinesisWindowResponse> {
  const { config } = deps
  const store = deps.store ?? new S3ObjectStore(deps.s3, deps.bucket)
  let ancestors = deps.ancestors
  if (!ancestors) {
    if (!deps.kinesis || !deps.streamName) throw new MlError('give either ancestors, or kinesis and streamName')
    ancestors = shardAncestry(deps.kinesis, deps.streamName)
  }
  const telemetry = deps.telemetry ?? createTelemetry({ serviceName: 'ml' })
  const trainer = new ShardTrainer({
    repository: new ModelRepository(store),
    features: config.features,
    ftrl: config.ftrl,
    versionsKept: config.versionsKept,
    holdoutEvery: config.holdoutEvery,
  })
  return createWindowHandler({
    job: bidWinJob(config),
    state: new SegmentStateBackend({
      store,
      prefix: 'state/ml-bid-win',
      ancestors,
      // Live join entries leave with the watermark; the retention only bounds what a stalled stream keeps.
      retentionMs: config.bidTimeoutMs + config.impressionSkewMs + config.watermarkBoundMs + 86_400_000,
    }),
    partials: { write: () => Promise.resolve() }, // the job aggregates nothing
    deadLetters: new DeadLetterSink(store, 'ml-training'),
    telemetry,
    async outputs(result, event) {
      if (result.records) await trainer.recordExamples(result.shardId, result.records.first, result.records.last, result.emitted)
      const through = lastSequenceOf(result.response.state)
      if (!event.isFinalInvokeForWindow || through === undefined) return
      const report = await trainer.trainThrough(result.shardId, through)
      const { trained, ...fields } = report
      reportCounts(telemetry, 'training', { job: 'bid-win-training', ...fields }, { trained })
    },
  })
}
