import t from 'tap'
import fc from 'fast-check'
import { ShardTrainer } from '../../src/training/ShardTrainer.js'
import { ModelRepository } from '../../src/store/ModelRepository.js'
import { BidWinModel } from '../../src/model/BidWinModel.js'
import { combineModels } from '../../src/model/combineModels.js'
import type { TrainingExample } from '../../src/job/TrainingExample.js'
import { MemoryObjectStore } from '../../../test-support/memoryObjectStore.js'
import { isHeldOut } from '../../src/evaluation/isHeldOut.js'
import { ProgressiveValidation } from '../../src/evaluation/ProgressiveValidation.js'
import { seq } from '../_support/windowEvents.js'

const FEATURES = { hashBits: 16 }
const FTRL = { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 }
const S0 = 'shardId-000000000000'
const S1 = 'shardId-000000000001'

const example = (n: number, tx = `tx-${n}`, label: 0 | 1 = n % 3 === 0 ? 0 : 1): TrainingExample => ({
  seq: seq(n),
  txId: tx,
  label,
  bidTs: 1_795_831_442_000 + n,
  bid: { campaignItemId: 100 + (n % 4), domain: `d${n % 3}`, creativeId: null, creativeCategory: 'k', winPrice: n % 5 },
})

function setup(versionsKept = 20) {
  const store = new MemoryObjectStore()
  const repo = new ModelRepository(store)
  // Nothing held out here, so versions can be compared with sequential learners bit for bit (held-out tests below).
  const trainer = () => new ShardTrainer({ repository: repo, features: FEATURES, ftrl: FTRL, versionsKept, holdoutEvery: 0 })
  return { store, repo, trainer }
}

const sequential = (examples: readonly TrainingExample[]) => {
  const m = BidWinModel.create(FEATURES, FTRL)
  for (const e of examples) m.train(e.bid, e.label)
  return m
}
const bytes = (m: BidWinModel) => JSON.stringify(m.snapshot())

t.test('each example trains exactly once however retried and bisected batches overlap', async (t) => {
  const { repo, trainer } = setup()
  const tr = trainer()
  const [e2, e5, e9, e11] = [example(2), example(5), example(9), example(11)]
  await tr.recordExamples(S0, seq(1), seq(10), [e2, e5, e9]) // wrote, then failed
  await tr.recordExamples(S0, seq(1), seq(5), [e2, e5]) // bisected halves
  await tr.recordExamples(S0, seq(6), seq(10), [e9])
  await tr.recordExamples(S0, seq(11), seq(12), [e11])
  const report = await tr.trainThrough(S0, seq(12))
  t.equal(report.trained, 4)
  t.equal(report.published?.examples, 4)
  const latest = await repo.readLatest()
  const version = await repo.readVersion(latest?.key as string)
  t.equal(bytes(version?.model as BidWinModel), bytes(sequential([e2, e5, e9, e11])), 'one shard: the version is the sequential learner, bit for bit')
  t.same(latest?.shards, { [S0]: seq(12) })
})

t.test('a retried final invoke trains nothing twice and publishes nothing new', async (t) => {
  const { store, repo, trainer } = setup()
  await trainer().recordExamples(S0, seq(1), seq(3), [example(1), example(3)])
  const first = await trainer().trainThrough(S0, seq(3))
  const latest = await repo.readLatest()
  const puts = store.puts
  const again = await trainer().trainThrough(S0, seq(3))
  t.equal(first.trained, 2)
  t.equal(again.trained, 0)
  t.equal(again.published, undefined)
  t.equal(store.puts, puts, 'nothing rewritten')
  t.same(await repo.readLatest(), latest)
})

t.test('a fresh trainer continues from the latest snapshot', async (t) => {
  const { repo, trainer } = setup()
  const all = Array.from({ length: 30 }, (_, i) => example(i + 1))
  await trainer().recordExamples(S0, seq(1), seq(15), all.slice(0, 15))
  await trainer().trainThrough(S0, seq(15))
  await trainer().recordExamples(S0, seq(16), seq(30), all.slice(15))
  const report = await trainer().trainThrough(S0, seq(30))
  t.equal(report.trained, 15)
  t.equal(report.published?.examples, 30)
  const version = await repo.readVersion((await repo.readLatest())?.key as string)
  t.equal(bytes(version?.model as BidWinModel), bytes(sequential(all)))
})

t.test('two shards: every version sums the newest learner of each; a publish that missed one is repaired by the next', async (t) => {
  const { repo, trainer } = setup()
  await trainer().recordExamples(S0, seq(1), seq(4), [example(1), example(2), example(4)])
  await trainer().recordExamples(S1, seq(1), seq(3), [example(1, 'other-1'), example(3, 'other-3')])
  // Both shards' final invokes at once: each may publish without the other's newest snapshot.
  await Promise.all([trainer().trainThrough(S0, seq(4)), trainer().trainThrough(S1, seq(3))])
  // Any later final invoke of either shard publishes the full combination, even without new examples.
  await trainer().trainThrough(S0, seq(4))
  const latest = await repo.readLatest()
  t.same(latest?.shards, { [S0]: seq(4), [S1]: seq(3) })
  t.equal(latest?.examples, 5)
  const snapshots = await repo.listShardSnapshots()
  const learners = await Promise.all([S0, S1].map((s) => repo.readShardSnapshot(snapshots.get(s)?.at(-1)?.key as string)))
  const version = await repo.readVersion(latest?.key as string)
  t.equal(
    JSON.stringify(version?.model.ftrl.snapshot()),
    JSON.stringify(
      combineModels(
        FTRL,
        learners.map((l) => l.model.ftrl),
      ).snapshot(),
    ),
  )
  t.equal(latest?.metrics.examples, 5)
})

t.test('prunes covered example batches, all but two snapshots per shard, and old versions', async (t) => {
  const { store, trainer } = setup(2)
  for (let w = 0; w < 5; w++) {
    const n = w * 10 + 1
    await trainer().recordExamples(S0, seq(n), seq(n + 9), [example(n + 1)])
    await trainer().trainThrough(S0, seq(n + 9))
  }
  const keys = [...store.objects.keys()]
  t.same(
    keys.filter((k) => k.includes('/examples/')),
    [],
  )
  t.equal(keys.filter((k) => k.includes('/shards/')).length, 2)
  t.equal(keys.filter((k) => /\/v\d+-/.test(k)).length, 2)
  t.ok(keys.includes('models/bid-win/latest.json'))
})

/**
 * Three shards, each a stream of 30 records of which some produce an example. Each shard's records
 * go out in batches cut at random; a batch may first be written by a failed attempt that reached
 * further (and then bisected), and a batch may end a Lambda window (a final invoke that trains and
 * publishes). Shards take turns at random. The final version holds every example exactly once, and
 * its metrics count each once too.
 */
t.test('whatever the batching, retries and interleaving of shards, every example counts exactly once', async () => {
  const shardArb = fc.record({
    produces: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    batches: fc.array(
      fc.record({ size: fc.integer({ min: 1, max: 8 }), failedReach: fc.integer({ min: 0, max: 6 }), failed: fc.boolean(), final: fc.boolean() }),
      { minLength: 30, maxLength: 30 },
    ),
  })
  await fc.assert(
    fc.asyncProperty(
      fc.array(shardArb, { minLength: 3, maxLength: 3 }),
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 90, maxLength: 90 }),
      async (shards, turns) => {
        const { repo, trainer } = setup()
        const id = (s: number) => `shardId-00000000000${s}`
        const truth = shards.map((sh, s) => sh.produces.map((p, i) => (p ? example(i + 1, `s${s}-${i + 1}`) : undefined)))
        const inRange = (s: number, first: number, last: number) =>
          (truth[s] as Array<TrainingExample | undefined>).slice(first - 1, last).filter((e): e is TrainingExample => e !== undefined)
        const position = [1, 1, 1]
        const batchIndex = [0, 0, 0]
        const step = async (s: number) => {
          const first = position[s] as number
          if (first > 30) return
          const index = batchIndex[s] as number
          batchIndex[s] = index + 1
          const b = (shards[s] as (typeof shards)[number]).batches[index] as (typeof shards)[number]['batches'][number]
          const last = Math.min(30, first + b.size - 1)
          if (b.failed) {
            const reach = Math.min(30, last + b.failedReach)
            await trainer().recordExamples(id(s), seq(first), seq(reach), inRange(s, first, reach))
            const half = Math.floor((first + last) / 2)
            await trainer().recordExamples(id(s), seq(first), seq(half), inRange(s, first, half))
          }
          await trainer().recordExamples(id(s), seq(first), seq(last), inRange(s, first, last))
          position[s] = last + 1
          if (b.final || last === 30) await trainer().trainThrough(id(s), seq(last))
        }
        for (const s of turns) await step(s)
        for (let s = 0; s < 3; s++) while ((position[s] as number) <= 30) await step(s)
        await trainer().trainThrough(id(0), seq(30)) // one more publish: sees every shard's final learner
        const total = truth.flat().filter((e) => e !== undefined).length
        const latest = await repo.readLatest()
        return total === 0 ? latest === undefined || latest.examples === 0 : latest?.examples === total && latest.metrics.examples === total
      },
    ),
    { numRuns: 60 },
  )
})

t.test('one example in holdoutEvery is scored by the model of its moment and never trained on', async (t) => {
  const store = new MemoryObjectStore()
  const repo = new ModelRepository(store)
  const all = Array.from({ length: 200 }, (_, i) => example(i + 1))
  const kept = all.filter((e) => isHeldOut(e.txId, 4))
  t.ok(kept.length > 20 && kept.length < 80, `about a quarter held out (${kept.length})`)
  const tr = new ShardTrainer({ repository: repo, features: FEATURES, ftrl: FTRL, holdoutEvery: 4 })
  await tr.recordExamples(S0, seq(1), seq(200), all)
  const report = await tr.trainThrough(S0, seq(200))
  t.equal(report.trained, all.length - kept.length)
  t.equal(report.heldOut.examples, kept.length)
  // The reference: the same examples in the same order, the held-out ones scored only.
  const reference = BidWinModel.create(FEATURES, FTRL)
  const heldOut = new ProgressiveValidation()
  for (const e of all) {
    if (isHeldOut(e.txId, 4)) heldOut.add(reference.score(e.bid), e.label)
    else reference.train(e.bid, e.label)
  }
  const latest = await repo.readLatest()
  t.same(latest?.heldOut, heldOut.summary())
  t.equal(latest?.examples, all.length - kept.length, 'a version counts the examples it trained on')
  t.equal(latest?.metrics.examples, all.length - kept.length)
  t.equal(bytes((await repo.readVersion(latest?.key as string))?.model as BidWinModel), bytes(reference))
})

t.test('holdoutEvery is 0 or at least 2', async (t) => {
  const { repo } = setup()
  for (const bad of [1, -1, 2.5, Number.NaN])
    t.throws(
      () => new ShardTrainer({ repository: repo, features: FEATURES, ftrl: FTRL, holdoutEvery: bad }),
      /holdoutEvery must be 0 \(none\) or an integer >= 2/,
    )
})
