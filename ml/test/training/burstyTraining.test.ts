// The bursty stream a new user sends first: every bid within seconds, each win's impression within
// a second, then silence; a loss is only known when its timeout passes. Through the real training
// window handler on s3rver, the published model must have learned the market, not the order in
// which labels arrived.
import t from 'tap'
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from '../../src/config.js'
import { syntheticBidWorld } from '../../src/evaluation/syntheticBids.js'
import { compareToGroundTruth } from '../../src/evaluation/compareToGroundTruth.js'
import { logLoss } from '../../src/evaluation/logLoss.js'
import { bidFeaturesOf } from '../../src/features/bidFeaturesOf.js'
import { ModelRepository } from '../../src/store/ModelRepository.js'
import { S3ObjectStore } from '@sdp/stream-runtime'
import { heartbeat, windowEvent, type NumberedRecord } from '../_support/windowEvents.js'
import { trainingOverS3 } from '../_support/trainingOverS3.js'

const SHARD = 'shardId-000000000000'
const T0 = 1_795_831_442_000
const CONFIG: TrainingConfig = { ...DEFAULT_TRAINING_CONFIG, bidTimeoutMs: 6_000, watermarkBoundMs: 1_000 }
const LAMBDA_WINDOW_MS = 5_000
const world = syntheticBidWorld({ seed: 7 })
// 8,000 bids in 16 s; a winner's impression follows within a second.
const txs = world.transactions(8_000, { seed: 21, startTs: T0, spacingMs: 2, impressionDelayMs: [50, 1_000] })
const heldOut = world.transactions(10_000, { seed: 22, startTs: T0 + 3_600_000 })
const labels = heldOut.map((x) => (x.won ? 1 : 0))

/** The stream in event-time order, with a heartbeat every second until every timeout has passed. */
function stream(): Array<{ ts: number }> {
  const values: Array<{ ts: number }> = txs.flatMap((x) => (x.impression ? [x.bid, x.impression] : [x.bid]))
  const end = (txs.at(-1)?.bid.ts as number) + CONFIG.bidTimeoutMs + CONFIG.watermarkBoundMs + 2_000
  for (let ts = T0; ts <= end; ts += 1_000) values.push(heartbeat(ts, SHARD))
  return values.sort((a, b) => a.ts - b.ts)
}

t.test('a burst of bids, wins within a second and losses at the timeout: the model learns the market', async (t) => {
  const { s3, make } = await trainingOverS3(t, CONFIG)
  const handler = make()
  // Lambda windows of 5 s of event time, each delivered in invocations of 1,000 records and closed by its final invoke.
  const records = stream().map((value, i): NumberedRecord => ({ n: i + 1, value }))
  for (let from = 0; from < records.length;) {
    const windowEnd = (records[from]?.value as { ts: number }).ts + LAMBDA_WINDOW_MS
    let to = from
    while (to < records.length && (records[to]?.value as { ts: number }).ts < windowEnd) to++
    let state: Record<string, unknown> = {}
    for (let i = from; i < to; i += 1_000) state = (await handler(windowEvent(SHARD, records.slice(i, Math.min(i + 1_000, to)), state, false))).state
    await handler(windowEvent(SHARD, [], state, true))
    from = to
  }

  const repo = new ModelRepository(new S3ObjectStore(s3.s3, s3.bucket))
  const latest = await repo.readLatest()
  const version = await repo.readVersion(latest?.key as string)
  t.ok(version, 'a version is published')
  t.equal((latest?.metrics.examples ?? 0) + (latest?.heldOut?.examples ?? 0), txs.length, 'every bid labelled once')

  const scores = heldOut.map((x) => version!.model.score(bidFeaturesOf(x.bid)))
  const rate = labels.reduce<number>((n, l) => n + l, 0) / labels.length
  const baseRate = logLoss(
    labels.map(() => rate),
    labels,
  )
  const verdict = compareToGroundTruth(
    scores,
    heldOut.map((x) => x.probability),
    labels,
    { auc: 0.03, logLoss: 0.05 },
  )
  t.comment(
    `held out: AUC ${verdict.modelAuc.toFixed(4)} (truth ${verdict.truthAuc.toFixed(4)}), log loss ${verdict.modelLogLoss.toFixed(4)} (truth ${verdict.truthLogLoss.toFixed(4)}, base rate ${baseRate.toFixed(4)})`,
  )
  t.comment(`reported: progressive ${JSON.stringify(latest?.metrics)}, held out ${JSON.stringify(latest?.heldOut)}`)
  t.ok(verdict.modelLogLoss < baseRate, 'held-out log loss below the base rate’s')
  t.same(verdict.problems, [], 'within 0.03 AUC and 5 % log loss of the ground truth')
  // The reported figures are honest: neither beats the function that drew the labels.
  const truthAuc = verdict.truthAuc
  t.ok((latest?.metrics.auc as number) <= truthAuc + 0.02, `progressive AUC ${latest?.metrics.auc} does not beat the ground truth's ${truthAuc.toFixed(4)}`)
  t.ok((latest?.heldOut?.auc as number) <= truthAuc + 0.02, 'nor does the held-out AUC')
  t.ok((latest?.heldOut?.logLoss as number) < (latest?.heldOut?.baselineLogLoss as number), 'the reported held-out log loss beats its base rate')
})
