import { createTelemetry, type LogRecord } from '@sdp/service-kit'
// The bid-win model: training examples/s through the training window handler (the Lambda's code:
// example job, join state in S3, trainer, model publishing) against the bare FTRL learner on the same
// examples; and POST /predictions latency through the local platform's API against a trivial
// handler on the same HTTP stack. And quality (model-quality-steady, model-quality-bursty): held-out
// AUC and log loss of the published model against batch logistic regression and the ground truth.
//
// Training is driven by invoking the handler with Lambda-shaped windows rather than through the
// ingest API: a loss is only labelled once event time passes the bid's 5-minute timeout, which
// through the API means waiting 5 minutes of wall-clock time (bids stamped in the past are late).
import os from 'node:os'
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'
import { SDP_RESOURCES } from '@sdp/infra'
import { BidWinModel, bidFeaturesOf, createTrainingWindowHandler, DEFAULT_TRAINING_CONFIG, syntheticBidWorld, type SyntheticTransaction } from '@sdp/ml'
import { HttpClient } from '../load/HttpClient.js'
import { median, summarizeLatencies, timeRounds } from '../harness/measure.js'
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'
import { measureQuality, type QualityCase, type QualityMeasurement } from './model/measureQuality.js'
import { startAckServer, withPlatform } from '../harness/platform.js'

/** A shard id of its own, so the platform's training consumer (which sees only heartbeats) never shares its snapshots. */
const SHARD = 'shardId-000000009999'
const BATCH = 10_000
const START_TS = Date.parse('2026-11-28T00:00:00Z')

/** A 56-digit sequence number ordered by `n`. */
const seq = (n: number) => `49590338271490256608559692538361571095921575989136${String(n).padStart(6, '0')}`

/** The stream of one Lambda window: bids and impressions in event-time order, then a heartbeat past every bid's timeout. */
function windowRecords(txs: readonly SyntheticTransaction[], first: number): Array<KinesisWindowEvent['Records'][number]> {
  const events: Array<{ ts: number; value: object; key: string }> = []
  for (const tx of txs) {
    events.push({ ts: tx.bid.ts, value: tx.bid, key: tx.bid.tx_id })
    if (tx.impression) events.push({ ts: tx.impression.ts, value: tx.impression, key: tx.bid.tx_id })
  }
  events.sort((a, b) => a.ts - b.ts)
  const lastTs = events.at(-1)?.ts ?? START_TS
  const beat = lastTs + DEFAULT_TRAINING_CONFIG.bidTimeoutMs + DEFAULT_TRAINING_CONFIG.watermarkBoundMs + 1_000
  events.push({ ts: beat, value: { type: 'heartbeat', ts: beat, shard_id: SHARD }, key: 'heartbeat' })
  return events.map((e, i) => ({
    kinesis: {
      partitionKey: e.key,
      sequenceNumber: seq(first + i),
      data: Buffer.from(JSON.stringify(e.value)).toString('base64'),
      approximateArrivalTimestamp: e.ts / 1000,
    },
  }))
}

/** Steady traffic (20 bids/s for 20 minutes), and a burst (every bid within 24 s, each impression within a second, then silence). */
const qualityCases = (quick: boolean): QualityCase[] => [
  { name: 'steady', bids: quick ? 4_000 : 24_000, spacingMs: 50, impressionDelayMs: [100, 60_000] },
  { name: 'bursty', bids: quick ? 4_000 : 24_000, spacingMs: 1, impressionDelayMs: [50, 1_000] },
]

/** One quality result: the published model vs batch logistic regression and the ground truth. */
function qualityResult(c: QualityCase, q: QualityMeasurement, load: string) {
  const { model, batch, truth, labelArrivalOrder } = q.heldOut
  const { progressive, truthOnTrained, heldOut, truthOnHeldOut, batchOnHeldOut } = q.reported
  return {
    name: `model-quality-${c.name}`,
    description: `bid-win model quality, ${c.name} traffic: ${c.bids.toLocaleString('en-US')} synthetic bids (known logistic win function) through the training window handler as 60 s Lambda windows with the default config, then the published model, batch logistic regression (same hashed features and trained examples, L-BFGS, L2 by 5-fold CV) and the true probabilities on ${q.heldOut.bids.toLocaleString('en-US')} fresh bids`,
    metrics: {
      heldOutAuc: model.auc,
      heldOutLogLoss: model.logLoss,
      batchAuc: batch.auc,
      batchLogLoss: batch.logLoss,
      truthAuc: truth.auc,
      truthLogLoss: truth.logLoss,
      progressiveAuc: progressive.auc,
      progressiveLogLoss: progressive.logLoss,
      truthAucOnTrained: truthOnTrained.auc,
      reportedHeldOutAuc: heldOut.auc,
      reportedHeldOutLogLoss: heldOut.logLoss,
      labelArrivalOrderAuc: labelArrivalOrder.auc,
      labelArrivalOrderLogLoss: labelArrivalOrder.logLoss,
    },
    targets: [
      target('heldOutAuc', model.auc, '>=', Number((batch.auc - 0.03).toFixed(4))),
      target('heldOutLogLoss', model.logLoss, '<=', Number((batch.logLoss * 1.15).toFixed(4))),
      target('progressiveAuc', progressive.auc, '<=', Number((truthOnTrained.auc + 0.02).toFixed(4))),
    ],
    details: {
      bids: c.bids,
      spacingMs: c.spacingMs,
      impressionDelayMs: c.impressionDelayMs,
      trainedExamples: q.trainedExamples,
      heldOutExamplesInStream: q.reported.heldOutExamples,
      reportedHeldOut: { model: heldOut, batch: batchOnHeldOut, truth: truthOnHeldOut },
      batchL2: q.batchL2,
      batchCrossValidation: q.batchCrossValidation,
      ftrl: DEFAULT_TRAINING_CONFIG.ftrl,
      load,
      note: 'targets: held-out AUC >= batch LR - 0.03, log loss <= 1.15 x batch LR, progressive AUC <= ground truth on the trained examples + 0.02. labelArrivalOrder*: the same learner on the same examples in the order labels became known (a win at its impression, a loss at its timeout), how training ran before it waited for final labels',
    },
  }
}

/** The machine's load averages when a case starts, recorded because the bench may share the machine. */
const loadNow = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores`

export const modelSuite: BenchmarkSuite = {
  name: 'model',
  async run({ quick }) {
    const quality = []
    for (const c of qualityCases(quick)) {
      const load = loadNow()
      // A platform of its own per case: the published model is the sum of every shard learner in the bucket.
      quality.push(qualityResult(c, await withPlatform(`bench-model-${c.name}`, { windowSeconds: 5 }, (platform) => measureQuality(platform, c)), load))
    }
    return [...(await throughput(quick)), ...quality]
  },
}

/** Training examples/s through the handler vs the bare learner, and POST /predictions latency. */
async function throughput(quick: boolean) {
  const transactionsPerWindow = quick ? 3_000 : 30_000
  const windows = quick ? 1 : 3
  const predictions: [number, number] = quick ? [2, 20] : [5, 200] // [warm-up, measured]
  const bucket = SDP_RESOURCES.bucket
  return withPlatform('bench-model', { windowSeconds: 5 }, async (platform) => {
    let trained = 0
    const logSink = (entry: LogRecord) => {
      // Held-out examples went through the handler like the others; they are scored instead of trained.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- log lines are parsed JSON: the type is not checked
      if (entry.job === 'bid-win-training') trained += Number(entry.trained ?? 0) + Number((entry.heldOut as { examples?: number } | undefined)?.examples ?? 0)
    }
    const telemetry = createTelemetry({ serviceName: 'ml', logSink, metricSink: () => {} })
    const train = createTrainingWindowHandler({
      s3: platform.services.s3,
      ancestors: () => Promise.resolve([]),
      bucket,
      config: DEFAULT_TRAINING_CONFIG,
      telemetry,
    })

    const { rates, finalRates, all } = await timeTraining(train, () => trained, windows, transactionsPerWindow)
    const { learnerMs, learnerRate } = timeBareLearner(all, quick ? 1 : 3)
    const { prediction, baseline } = await predictionLatencies(platform.url, predictions)

    const examplesPerSecond = median(rates)
    return [
      {
        name: 'model',
        description: `bid-win training through the training window handler (example job + S3 join state + trainer + publish, on the running platform's s3rver) on ${transactionsPerWindow.toLocaleString('en-US')} synthetic bids per Lambda window, vs the bare FTRL learner on the same examples; POST /predictions (one bid) through the platform's API vs a trivial handler on the same HTTP stack`,
        metrics: {
          trainingExamplesPerSecond: Math.round(examplesPerSecond),
          finalInvokeExamplesPerSecond: Math.round(median(finalRates)),
          learnerExamplesPerSecond: Math.round(learnerRate),
          ratioToLearner: Number((examplesPerSecond / learnerRate).toFixed(3)),
          predictionP50Ms: prediction.p50,
          predictionP99Ms: prediction.p99,
          baselineP50Ms: baseline.p50,
          baselineP99Ms: baseline.p99,
          predictionOverBaselineP50X: Number((prediction.p50 / baseline.p50).toFixed(2)),
        },
        targets: [],
        details: {
          windows,
          transactionsPerWindow,
          batch: BATCH,
          trainingRates: rates.map(Math.round),
          finalInvokeRates: finalRates.map(Math.round),
          learnerMs,
          prediction,
          baseline,
          predictions: predictions[1],
          note: "training: the handler invoked with Lambda-shaped windows on the platform's s3rver (losses need 5 minutes of event time, which the API cannot fast-forward); predictions: the platform's own route",
        },
      },
    ]
  })
}

/**
 * Training: window 0 warms up; each later window is timed whole (every invocation and the final
 * one that trains). `trained` reads the examples the handler has logged so far.
 */
async function timeTraining(
  train: ReturnType<typeof createTrainingWindowHandler>,
  trained: () => number,
  windows: number,
  transactionsPerWindow: number,
): Promise<{ rates: number[]; finalRates: number[]; all: SyntheticTransaction[] }> {
  const world = syntheticBidWorld({ seed: 7 })
  const rates: number[] = []
  const finalRates: number[] = []
  const all: SyntheticTransaction[] = []
  let n = 0
  for (let w = 0; w <= windows; w++) {
    const txs = world.transactions(transactionsPerWindow, { seed: 100 + w, startTs: START_TS + w * 3_600_000, txPrefix: `w${w}` })
    if (w > 0) all.push(...txs)
    const records = windowRecords(txs, n)
    n += records.length
    const window = { start: new Date(START_TS + w * 3_600_000).toISOString(), end: new Date(START_TS + w * 3_600_000 + 60_000).toISOString() }
    const before = trained()
    let state: KinesisWindowEvent['state'] = {}
    const t0 = performance.now()
    for (let i = 0; i < records.length; i += BATCH) {
      state =
        (await train({ Records: records.slice(i, i + BATCH), window, state, shardId: SHARD, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false }))
          .state ?? {}
    }
    const t1 = performance.now()
    await train({ Records: [], window, state, shardId: SHARD, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false })
    const t2 = performance.now()
    const examples = trained() - before
    if (examples !== transactionsPerWindow) throw new Error(`window ${w} trained ${examples} examples, expected one per transaction (${transactionsPerWindow})`)
    if (w > 0) {
      rates.push(examples / ((t2 - t0) / 1000))
      finalRates.push(examples / ((t2 - t1) / 1000))
    }
  }
  return { rates, finalRates, all }
}

/** Baseline: the bare learner on the same labelled bids, in memory. */
function timeBareLearner(all: readonly SyntheticTransaction[], rounds: number): { learnerMs: number[]; learnerRate: number } {
  const labelled = all.map((tx) => [bidFeaturesOf(tx.bid), tx.won ? 1 : 0] as const)
  const learnerMs = timeRounds(
    () => {
      const model = BidWinModel.create(DEFAULT_TRAINING_CONFIG.features, DEFAULT_TRAINING_CONFIG.ftrl)
      for (const [features, label] of labelled) model.train(features, label)
    },
    rounds,
    1,
  )
  return { learnerMs, learnerRate: labelled.length / (median(learnerMs) / 1000) }
}

/**
 * Predictions through the platform's POST /predictions (the model the training published),
 * against a trivial handler on the same HTTP stack (fastify + the API Gateway shim).
 */
async function predictionLatencies(platformUrl: string, predictions: readonly [number, number]) {
  const server = await startAckServer(['/predictions'], '{"predictions":[{"score":0.5,"predicted_label":1}]}')
  const client = new HttpClient({ connections: 1 })
  const body = JSON.stringify({
    campaignItemId: '1463517',
    domain: 'www.google.com',
    creativeId: 'b72897cb-3f88-423b-84aa-9b7710d2416d',
    creativeCategory: 'testCreativeCategory',
    winPrice: 1,
  })
  const [warmup, measured] = predictions
  const latencies = async (base: string) => {
    const ms: number[] = []
    for (let i = 0; i < warmup + measured; i++) {
      const r = await client.request('POST', `${base}/predictions`, body)
      if (r.status !== 200) throw new Error(`POST ${base}/predictions answered ${r.status}: ${r.body}`)
      const score = (JSON.parse(r.body) as { predictions?: Array<{ score?: unknown }> }).predictions?.[0]?.score
      if (typeof score !== 'number' || score <= 0 || score >= 1) throw new Error(`POST /predictions answered no score: ${r.body}`)
      if (i >= warmup) ms.push(r.ms)
    }
    return summarizeLatencies(ms)
  }
  try {
    return { prediction: await latencies(platformUrl), baseline: await latencies(server.url) }
  } finally {
    client.close()
    await server.close()
  }
}
