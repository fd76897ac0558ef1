// The model's quality bars, on a synthetic market with a known win function, through the real
// example job (join with timeouts in external state) and the real learner.
import t from 'tap'
import { planWindowInvocation, runWindowInvocation, InMemoryStateBackend } from '@sdp/aggregation-engine'
import { syntheticBidWorld, type SyntheticTransaction } from '../../src/evaluation/syntheticBids.js'
import { compareToGroundTruth } from '../../src/evaluation/compareToGroundTruth.js'
import { ProgressiveValidation } from '../../src/evaluation/ProgressiveValidation.js'
import { bidFeaturesOf } from '../../src/features/bidFeaturesOf.js'
import type { BidFeatures } from '../../src/features/BidFeatures.js'
import { bidWinJob } from '../../src/job/bidWinJob.js'
import type { TrainingExample } from '../../src/job/TrainingExample.js'
import { BidWinModel } from '../../src/model/BidWinModel.js'
import { DEFAULT_TRAINING_CONFIG } from '../../src/config.js'
import { windowEvent } from '../_support/windowEvents.js'

const JOB = { bidTimeoutMs: 60_000, impressionSkewMs: 0, watermarkBoundMs: 5_000 }
const { features, ftrl } = DEFAULT_TRAINING_CONFIG
const world = syntheticBidWorld({ seed: 7 })
const delays = { impressionDelayMs: [100, 50_000] as const }
const training = world.transactions(40_000, { seed: 1, ...delays })
// The stream goes on after the training bids, as a live stream does, so that every training bid's
// timeout passes and its example comes out; it stops at the last bid of the tail.
const tail = world.transactions(8_000, { seed: 4, startTs: (training.at(-1) as SyntheticTransaction).bid.ts + 10, txPrefix: 'tail', ...delays })
const heldOut = world.transactions(20_000, { seed: 2, startTs: 1_795_900_000_000, ...delays })
const labels = heldOut.map((x) => (x.won ? 1 : 0))

/** The transactions as a stream (bids and impressions in event-time order), through the job in batches. */
function examplesFromJob(txs: readonly SyntheticTransaction[]): TrainingExample[] {
  const job = bidWinJob(JOB)
  const records: unknown[] = txs.flatMap((x) => (x.impression ? [x.bid, x.impression] : [x.bid]))
  records.sort((a, b) => (a as { ts: number }).ts - (b as { ts: number }).ts)
  const lastBid = (txs.at(-1) as SyntheticTransaction).bid.ts
  while ((records.at(-1) as { ts: number }).ts > lastBid) records.pop()
  const backend = new InMemoryStateBackend()
  const out: TrainingExample[] = []
  for (let i = 0; i < records.length; i += 5_000) {
    const batch = records.slice(i, i + 5_000).map((value, k) => ({ n: i + k + 1, value }))
    const event = windowEvent('shardId-000000000000', batch, {}, true)
    const plan = planWindowInvocation(event, job)
    const result = runWindowInvocation(event, job, backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber))
    backend.write(result.segment)
    out.push(...result.emitted)
  }
  return out
}

function trainProgressively(examples: ReadonlyArray<{ bid: BidFeatures; label: 0 | 1 }>) {
  const model = BidWinModel.create(features, ftrl)
  const validation = new ProgressiveValidation()
  for (const e of examples) validation.add(model.train(e.bid, e.label), e.label)
  return { model, progressive: validation.summary() }
}

const examples = examplesFromJob([...training, ...tail])
const { model, progressive } = trainProgressively(examples)

t.test('the job labels every bid exactly as the ground-truth draw did', async (t) => {
  const won = new Map([...training, ...tail].map((x) => [x.bid.tx_id, x.won ? 1 : 0]))
  t.ok(examples.every((e) => won.get(e.txId) === e.label))
  const labelled = new Set(examples.map((e) => e.txId))
  t.ok(
    training.every((x) => labelled.has(x.bid.tx_id)),
    'every training bid is labelled once the stream has moved on',
  )
  t.equal(labelled.size, examples.length, 'no bid twice')
})

t.test('on a held-out set the online model comes within 0.03 AUC and 10 % log loss of the ground truth', async (t) => {
  const verdict = compareToGroundTruth(
    heldOut.map((x) => model.score(bidFeaturesOf(x.bid))),
    heldOut.map((x) => x.probability),
    labels,
  )
  t.comment(
    `held-out: model AUC ${verdict.modelAuc.toFixed(4)} vs truth ${verdict.truthAuc.toFixed(4)}; model log loss ${verdict.modelLogLoss.toFixed(4)} vs truth ${verdict.truthLogLoss.toFixed(4)}`,
  )
  t.comment(
    `progressive validation over ${progressive.examples} examples: AUC ${progressive.auc.toFixed(4)}, log loss ${progressive.logLoss.toFixed(4)} (base-rate log loss ${progressive.baselineLogLoss.toFixed(4)})`,
  )
  t.same(verdict.problems, [])
  t.ok(verdict.ok)
  t.ok(progressive.logLoss < progressive.baselineLogLoss, 'progressive validation beats the base rate')
})

t.test('scores rise with the offered price when the ground truth says so, and fall when it says the opposite', async (t) => {
  const prices = [1, 2, 5, 10, 20]
  const contexts = heldOut.slice(0, 20).map((x) => bidFeaturesOf(x.bid))
  const rising = contexts.every((c) => prices.every((p, i) => i === 0 || model.score({ ...c, winPrice: p }) > model.score({ ...c, winPrice: prices[i - 1] })))
  t.ok(rising, 'higher price, higher score (price effect +0.8)')
  const cheapWorld = syntheticBidWorld({ seed: 7, priceEffect: -0.8 })
  const cheap = trainProgressively(cheapWorld.transactions(20_000, { seed: 3 }).map((x) => ({ bid: bidFeaturesOf(x.bid), label: x.won ? 1 : 0 }))).model
  t.ok(
    contexts.every((c) => prices.every((p, i) => i === 0 || cheap.score({ ...c, winPrice: p }) < cheap.score({ ...c, winPrice: prices[i - 1] }))),
    'higher price, lower score (price effect −0.8)',
  )
})

t.test('the leak test: a feature derived from the impression makes the ground-truth check fail', async (t) => {
  // The classic leak: the impression's clearing price stands in for the bid's price (and is missing when there was no impression).
  const leaky = (x: SyntheticTransaction): BidFeatures => ({ ...bidFeaturesOf(x.bid), winPrice: x.impression?.win_price ?? null })
  const leakyModel = trainProgressively(training.map((x) => ({ bid: leaky(x), label: x.won ? 1 : 0 }))).model
  const verdict = compareToGroundTruth(
    heldOut.map((x) => leakyModel.score(leaky(x))),
    heldOut.map((x) => x.probability),
    labels,
  )
  t.comment(`leaky model: AUC ${verdict.modelAuc.toFixed(4)}, log loss ${verdict.modelLogLoss.toFixed(4)}`)
  t.equal(verdict.ok, false)
  t.match(verdict.problems.join(' '), /leaks the outcome/)
})

t.test('every example carries exactly the fields of its bid record, won or lost', async (t) => {
  const bids = new Map([...training, ...tail].map((x) => [x.bid.tx_id, x.bid]))
  const mismatched = examples.filter((e) => JSON.stringify(e.bid) !== JSON.stringify(bidFeaturesOf(bids.get(e.txId) as SyntheticTransaction['bid'])))
  t.same(mismatched, [])
  t.ok(examples.some((e) => e.label === 1) && examples.some((e) => e.label === 0))
})
