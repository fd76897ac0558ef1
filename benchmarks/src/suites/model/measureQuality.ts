import { silentTelemetry } from '@sdp/service-kit'
// The model suite's quality cases: a synthetic market with a known win function, streamed through
// the training window handler (the Lambda's code, on a running platform's s3rver) as Lambda windows,
// then the published model against batch logistic regression and the ground truth.
import { murmur3String32, type KinesisWindowEvent } from '@sdp/aggregation-engine'
import { SDP_RESOURCES } from '@sdp/infra'
import {
  auc,
  BidWinModel,
  bidFeaturesOf,
  createTrainingWindowHandler,
  DEFAULT_TRAINING_CONFIG,
  featurize,
  isHeldOut,
  logLoss,
  ModelRepository,
  syntheticBidWorld,
  type SyntheticTransaction,
} from '@sdp/ml'
import { S3ObjectStore } from '@sdp/stream-runtime'
import type { LocalPlatform } from '@sdp/infra'
import { crossValidatedLogisticRegression } from './crossValidatedLogisticRegression.js'
import { streamRecords } from './streamRecords.js'

/** How the case's bids arrive. */
export interface QualityCase {
  readonly name: string
  readonly bids: number
  /** Event time between consecutive bids. */
  readonly spacingMs: number
  /** A winner's impression follows its bid by a uniform delay in this range. */
  readonly impressionDelayMs: readonly [number, number]
}

/** Scores of one model on a set of labelled bids. */
export interface Scored {
  readonly auc: number
  readonly logLoss: number
}

/** What {@link measureQuality} found. */
export interface QualityMeasurement {
  /** The published model, batch logistic regression and the ground truth on fresh held-out bids. */
  readonly heldOut: { readonly model: Scored; readonly batch: Scored; readonly truth: Scored; readonly labelArrivalOrder: Scored; readonly bids: number }
  /** What the model reports of itself over the whole run, with the ground truth on the same examples. */
  readonly reported: {
    readonly progressive: Scored
    readonly truthOnTrained: Scored
    readonly heldOut: Scored
    readonly truthOnHeldOut: Scored
    readonly batchOnHeldOut: Scored
    readonly heldOutExamples: number
  }
  readonly trainedExamples: number
  readonly batchL2: number
  readonly batchCrossValidation: ReadonlyArray<{ l2: number; logLoss: number }>
}

const START_TS = Date.parse('2026-11-28T00:00:00Z')
const SHARD = 'shardId-000000000777'
const LAMBDA_WINDOW_MS = 60_000
const INVOCATION_RECORDS = 5_000
const HELD_OUT_BIDS = 20_000

const score = (scores: readonly number[], labels: readonly (0 | 1)[]): Scored => ({
  auc: Number(auc(scores, labels).toFixed(4)),
  logLoss: Number(logLoss(scores, labels).toFixed(4)),
})

/**
 * Streams the case's bids and impressions (heartbeats every second, until every timeout has
 * passed) through the training window handler with the default training config, in Lambda windows
 * of 60 s of event time, and compares the model it published with batch logistic regression fitted
 * on the same trained examples (L2 by 5-fold cross-validation) and with the true probabilities.
 */
export async function measureQuality(platform: LocalPlatform, c: QualityCase): Promise<QualityMeasurement> {
  const config = DEFAULT_TRAINING_CONFIG
  const world = syntheticBidWorld({ seed: 7 })
  const txs = world.transactions(c.bids, { seed: 300, startTs: START_TS, spacingMs: c.spacingMs, impressionDelayMs: c.impressionDelayMs, txPrefix: c.name })
  const fresh = world.transactions(HELD_OUT_BIDS, { seed: 301, startTs: START_TS + 86_400_000, txPrefix: 'held' })
  const handler = createTrainingWindowHandler({
    s3: platform.services.s3,
    ancestors: () => Promise.resolve([]),
    bucket: SDP_RESOURCES.bucket,
    config,
    telemetry: silentTelemetry(),
  })

  await invokeByWindow(handler, streamRecords(txs, SHARD, config.bidTimeoutMs + config.watermarkBoundMs + 2_000))

  const repo = new ModelRepository(new S3ObjectStore(platform.services.s3, SDP_RESOURCES.bucket))
  const latest = await repo.readLatest()
  const version = latest && (await repo.readVersion(latest.key))
  if (!latest || !version) throw new Error(`quality case ${c.name}: no model was published`)
  const every = config.holdoutEvery ?? 0
  const trained = txs.filter((x) => !isHeldOut(x.bid.tx_id, every))
  const streamHeldOut = txs.filter((x) => isHeldOut(x.bid.tx_id, every))
  if (latest.examples !== trained.length) throw new Error(`quality case ${c.name}: the model trained ${latest.examples} examples, expected ${trained.length}`)

  const features = version.model.features
  const vector = (x: SyntheticTransaction) => featurize(bidFeaturesOf(x.bid), features)
  const label = (x: SyntheticTransaction): 0 | 1 => (x.won ? 1 : 0)
  const batch = crossValidatedLogisticRegression(
    trained.map((x) => ({ x: vector(x), y: label(x) })),
    { biasIndex: murmur3String32('bias') & (2 ** features.hashBits - 1) },
  )
  const arrival = labelArrivalOrderModel(trained, config.bidTimeoutMs)
  const labels = fresh.map(label)
  const onStream = (set: readonly SyntheticTransaction[], f: (x: SyntheticTransaction) => number) => score(set.map(f), set.map(label))
  const reportedOf = (m: { auc: number; logLoss: number } | undefined): Scored => ({
    auc: Number((m?.auc ?? NaN).toFixed(4)),
    logLoss: Number((m?.logLoss ?? NaN).toFixed(4)),
  })
  return {
    heldOut: {
      model: score(
        fresh.map((x) => version.model.score(bidFeaturesOf(x.bid))),
        labels,
      ),
      batch: score(
        fresh.map((x) => batch.model.predict(vector(x))),
        labels,
      ),
      truth: score(
        fresh.map((x) => x.probability),
        labels,
      ),
      labelArrivalOrder: score(
        fresh.map((x) => arrival.score(bidFeaturesOf(x.bid))),
        labels,
      ),
      bids: fresh.length,
    },
    reported: {
      progressive: reportedOf(latest.metrics),
      truthOnTrained: onStream(trained, (x) => x.probability),
      heldOut: reportedOf(latest.heldOut),
      truthOnHeldOut: onStream(streamHeldOut, (x) => x.probability),
      batchOnHeldOut: onStream(streamHeldOut, (x) => batch.model.predict(vector(x))),
      heldOutExamples: latest.heldOut?.examples ?? 0,
    },
    trainedExamples: latest.examples,
    batchL2: batch.model.l2,
    batchCrossValidation: batch.scores.map((s) => ({ l2: s.l2, logLoss: Number(s.logLoss.toFixed(4)) })),
  }
}

/** Hands the records to the handler as Lambda would: per 60 s window of event time, in invocations of at most 5,000, then a final invoke. */
async function invokeByWindow(handler: ReturnType<typeof createTrainingWindowHandler>, records: ReturnType<typeof streamRecords>): Promise<void> {
  for (let from = 0; from < records.length;) {
    const windowStart = Math.floor(records[from]!.ts / LAMBDA_WINDOW_MS) * LAMBDA_WINDOW_MS
    let to = from
    while (to < records.length && records[to]!.ts < windowStart + LAMBDA_WINDOW_MS) to++
    const window = { start: new Date(windowStart).toISOString(), end: new Date(windowStart + LAMBDA_WINDOW_MS).toISOString() }
    let state: KinesisWindowEvent['state'] = {}
    for (let i = from; i < to; i += INVOCATION_RECORDS) {
      const batch = records.slice(i, Math.min(i + INVOCATION_RECORDS, to)).map((r) => r.record)
      state = (await handler({ Records: batch, window, state, shardId: SHARD, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false })).state ?? {}
    }
    await handler({ Records: [], window, state, shardId: SHARD, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false })
    from = to
  }
}

/** The same learner on the same examples in the order their labels became known (a win at its impression, a loss at its timeout): how training went before it waited for final labels. */
function labelArrivalOrderModel(trained: readonly SyntheticTransaction[], timeoutMs: number): BidWinModel {
  const known = (x: SyntheticTransaction) => x.impression?.ts ?? x.bid.ts + timeoutMs
  const model = BidWinModel.create(DEFAULT_TRAINING_CONFIG.features, DEFAULT_TRAINING_CONFIG.ftrl)
  for (const x of [...trained].sort((a, b) => known(a) - known(b))) model.train(bidFeaturesOf(x.bid), x.won ? 1 : 0)
  return model
}
