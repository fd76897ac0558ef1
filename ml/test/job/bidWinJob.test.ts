import t from 'tap'
import fc from 'fast-check'
import { planWindowInvocation, runWindowInvocation, InMemoryStateBackend, compareSequenceNumbers, type KinesisWindowEvent } from '@sdp/aggregation-engine'
import { bidWinJob, type BidWinJobConfig } from '../../src/job/bidWinJob.js'
import type { TrainingExample } from '../../src/job/TrainingExample.js'
import { bidFeaturesOf } from '../../src/features/bidFeaturesOf.js'
import { heartbeat, seq, windowEvent, type NumberedRecord } from '../_support/windowEvents.js'

const CONFIG: BidWinJobConfig = { bidTimeoutMs: 60_000, impressionSkewMs: 0, watermarkBoundMs: 5_000 }
const T0 = 1_795_831_442_000
const SHARD = 'shardId-000000000000'
const bid = (tx: string, ts: number, extra: Record<string, unknown> = {}) => ({
  type: 'bid',
  tx_id: tx,
  app_uid: 'u',
  campaign_item_id: 1463517,
  domain: 'www.google.com',
  win_price: 2,
  ts,
  ...extra,
})
const imp = (tx: string, ts: number, price = 987_654) => ({ type: 'imp', tx_id: tx, win_price: price, ts })

function invoke(job: ReturnType<typeof bidWinJob>, backend: InMemoryStateBackend, event: KinesisWindowEvent) {
  const plan = planWindowInvocation(event, job)
  const result = runWindowInvocation(event, job, backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber))
  backend.write(result.segment)
  return result
}

const numbered = (values: unknown[], from = 1): NumberedRecord[] => values.map((value, i) => ({ n: from + i, value }))
const summary = (examples: readonly TrainingExample[]) => examples.map((e) => [e.txId, e.label, e.seq === seq(0) ? '?' : e.seq])

t.test('a win becomes an example only when its interval closes, whichever of bid and impression arrives second', async (t) => {
  const job = bidWinJob(CONFIG)
  for (const records of [
    [bid('a', T0), imp('a', T0 + 1000)],
    [imp('a', T0 + 1000), bid('a', T0)],
  ]) {
    const backend = new InMemoryStateBackend()
    const joined = invoke(job, backend, windowEvent(SHARD, numbered(records), {}, true))
    t.same(joined.emitted, [], 'not when the impression joins: its label is final only at the timeout, as a loss’s is')
    t.equal(joined.counters.joined, 1, 'the join itself is counted')
    // watermark = ts − 5000 − 1: it passes T0 + 60000 once a heartbeat says T0 + 65002.
    const early = invoke(job, backend, windowEvent(SHARD, numbered([heartbeat(T0 + 65_001)], 3), {}, true))
    t.same(early.emitted, [])
    const due = invoke(job, backend, windowEvent(SHARD, numbered([heartbeat(T0 + 65_002)], 4), {}, true))
    t.same(summary(due.emitted), [['a', 1, seq(4)]])
    t.equal(due.counters.wins, 1)
  }
})

t.test('the examples of one watermark step come out in bid-time order across wins and losses', async (t) => {
  const job = bidWinJob(CONFIG)
  const records = [bid('c', T0), bid('b', T0 + 1), bid('a', T0 + 2), imp('b', T0 + 100), bid('d', T0 + 3), imp('d', T0 + 200), heartbeat(T0 + 70_000)]
  const r = invoke(job, new InMemoryStateBackend(), windowEvent(SHARD, numbered(records), {}, true))
  t.same(summary(r.emitted), [
    ['c', 0, seq(7)],
    ['b', 1, seq(7)],
    ['a', 0, seq(7)],
    ['d', 1, seq(7)],
  ])
})

t.test('a loss is emitted when the watermark passes bid.ts + timeout; a heartbeat moves it on a quiet shard, in a later invocation', async (t) => {
  const job = bidWinJob(CONFIG)
  const backend = new InMemoryStateBackend()
  const first = invoke(job, backend, windowEvent(SHARD, numbered([bid('a', T0)]), {}, true))
  t.same(first.emitted, [])
  // watermark = ts − 5000 − 1: it passes T0 + 60000 once a heartbeat says T0 + 65002.
  const early = invoke(job, backend, windowEvent(SHARD, numbered([heartbeat(T0 + 65_001)], 2), {}, false))
  t.same(early.emitted, [])
  const due = invoke(job, backend, windowEvent(SHARD, numbered([heartbeat(T0 + 65_002)], 3), early.response.state, true))
  t.same(summary(due.emitted), [['a', 0, seq(3)]])
  t.equal(due.counters.losses, 1)
  t.equal(due.counters.heartbeats, 1)
})

t.test('features come from the bid alone; the impression’s price is never kept', async (t) => {
  const job = bidWinJob(CONFIG)
  const record = bid('a', T0, { creative_id: 'cr', creative_category: 'cat', win_price: 3 })
  const r = invoke(job, new InMemoryStateBackend(), windowEvent(SHARD, numbered([imp('a', T0 + 10, 987_654), record, heartbeat(T0 + 70_000)]), {}, true))
  t.equal(r.emitted[0]?.label, 1)
  t.same(r.emitted[0]?.bid, bidFeaturesOf(record))
  const stored = invoke(job, new InMemoryStateBackend(), windowEvent(SHARD, numbered([imp('b', T0 + 10, 987_654)]), {}, true))
  const kept = JSON.stringify([...(stored.segment?.entries ?? [])])
  t.match(kept, /\["b",1795831442010\]/)
  t.notMatch(kept, /987654/, 'a waiting impression is kept as [tx_id, ts] only')
})

t.test('duplicates are skipped, clicks only move time, late bids go to the late output', async (t) => {
  const job = bidWinJob(CONFIG)
  const r = invoke(
    job,
    new InMemoryStateBackend(),
    windowEvent(
      SHARD,
      numbered([
        bid('a', T0),
        bid('a', T0),
        imp('a', T0 + 5),
        imp('a', T0 + 6),
        { type: 'click', tx_id: 'a', ts: T0 + 100_000 },
        bid('late', T0 + 1000),
        { nope: 1 },
      ]),
      {},
      true,
    ),
  )
  t.same(summary(r.emitted), [['a', 1, seq(5)]], 'the click moved the watermark past the timeout')
  t.equal(r.counters.duplicates, 2)
  t.equal(r.counters.clicks, 1)
  t.equal(r.counters.lateBids, 1)
  t.same(
    r.late.map((e) => (e as { tx_id: string }).tx_id),
    ['late'],
  )
  t.equal(r.deadLetters.length, 1)
})

t.test('an unreadable carry restarts the watermark and is counted', async (t) => {
  const job = bidWinJob(CONFIG)
  const backend = new InMemoryStateBackend()
  backend.write({ shardId: SHARD, firstSequenceNumber: seq(1), lastSequenceNumber: seq(1), entries: new Map([['\u0000carry', 'garbage']]) })
  const r = invoke(job, backend, windowEvent(SHARD, numbered([bid('a', T0)], 2), {}, true))
  t.equal(r.counters.unreadableCarry, 1)
})

t.test('every bid gets the label the brute-force join gives it, and examples come out in bid-time order', async () => {
  const tx = fc.record({ bidTs: fc.integer({ min: 0, max: 600_000 }), imp: fc.option(fc.integer({ min: -20_000, max: 200_000 }), { nil: undefined }) })
  fc.assert(
    fc.property(fc.array(tx, { minLength: 1, maxLength: 30 }), fc.constantFrom(0, 10_000), (txs, skew) => {
      const config = { ...CONFIG, impressionSkewMs: skew }
      const job = bidWinJob(config)
      const records = txs.flatMap((x, i) => [bid(`t${i}`, T0 + x.bidTs), ...(x.imp === undefined ? [] : [imp(`t${i}`, T0 + x.bidTs + x.imp)])])
      records.sort((a, b) => a.ts - b.ts)
      records.push(heartbeat(T0 + 10_000_000) as never)
      const r = invoke(job, new InMemoryStateBackend(), windowEvent(SHARD, numbered(records), {}, true))
      const want = txs.map((x, i) => [`t${i}`, x.imp !== undefined && x.imp >= -skew && x.imp <= config.bidTimeoutMs ? 1 : 0]).sort()
      const got = r.emitted.map((e) => [e.txId, e.label]).sort()
      const inBidTime = r.emitted.every((e, i) => i === 0 || (r.emitted[i - 1] as TrainingExample).bidTs <= e.bidTs)
      return inBidTime && JSON.stringify(got) === JSON.stringify(want)
    }),
    { numRuns: 200 },
  )
})

/**
 * Random bids, impressions, duplicates and heartbeats in any arrival order, split into Lambda
 * windows and batches at random, with invocations retried whole, bisected or run twice: the
 * examples of every run, identified by (producing record, tx_id) as the trainer identifies them,
 * are exactly the examples of one uninterrupted pass — each bid at most once.
 */
t.test('replayed, bisected and doubled invocations yield the same examples, exactly once', async () => {
  const txArb = fc.record({
    bidTs: fc.integer({ min: 0, max: 300_000 }),
    imp: fc.option(fc.integer({ min: -10_000, max: 100_000 }), { nil: undefined }),
    copies: fc.integer({ min: 1, max: 2 }),
  })
  fc.assert(
    fc.property(fc.array(txArb, { minLength: 1, maxLength: 25 }), fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), (txs, noise) => {
      const job = bidWinJob(CONFIG)
      const values: Array<{ value: unknown; r: number }> = []
      let k = 0
      const next = () => noise[k++ % noise.length] as number
      txs.forEach((x, i) => {
        for (let c = 0; c < x.copies; c++) {
          values.push({ value: bid(`t${i}`, T0 + x.bidTs), r: next() })
          if (x.imp !== undefined) values.push({ value: imp(`t${i}`, T0 + x.bidTs + x.imp), r: next() })
        }
        if (i % 4 === 0) values.push({ value: heartbeat(T0 + x.bidTs + 30_000), r: next() })
      })
      values.sort((a, b) => a.r - b.r)
      values.push({ value: heartbeat(T0 + 10_000_000), r: 0 })
      const records = numbered(values.map((v) => v.value))

      const onePass = invoke(job, new InMemoryStateBackend(), windowEvent(SHARD, records, {}, true)).emitted
      const ids = onePass.map((e) => e.txId)
      if (new Set(ids).size !== ids.length) return false
      // Arrival order is random here, yet what comes out is in bid time: labels are emitted when final, not when they arrive.
      if (!onePass.every((e, i) => i === 0 || (onePass[i - 1] as TrainingExample).bidTs <= e.bidTs)) return false

      const backend = new InMemoryStateBackend()
      const seen = new Map<string, TrainingExample>()
      let state: Record<string, unknown> = {}
      const run = (batch: NumberedRecord[], final: boolean) => {
        const out = invoke(job, backend, windowEvent(SHARD, batch, state, final))
        for (const e of out.emitted) {
          const id = `${e.seq}|${e.txId}`
          const earlier = seen.get(id)
          if (earlier && JSON.stringify(earlier) !== JSON.stringify(e)) throw new Error(`example ${id} differs between runs`)
          seen.set(id, e)
        }
        return out.response.state
      }
      let batch: NumberedRecord[] = []
      const flush = (final: boolean) => {
        const fault = next() % 4
        const input = state
        if (fault === 0) run(batch, final) // wrote everything, then failed: retried as is
        if (fault === 1 && batch.length > 1) {
          run(batch, final) // wrote everything, then failed: bisected
          const half = Math.ceil(batch.length / 2)
          state = run(batch.slice(0, half), false)
          state = run(batch.slice(half), final)
        } else state = run(batch, final)
        if (fault === 2) {
          // delivered twice, with the same input state (Lambda resends what it sent); the second response dropped
          const kept = state
          state = input
          run(batch, final)
          state = kept
        }
        batch = []
        if (final) state = {}
      }
      for (const rec of records) {
        batch.push(rec)
        const cut = next() % 6
        if (cut === 0) flush(false)
        else if (cut === 1) flush(true)
      }
      if (batch.length > 0) flush(true)
      const replayed = [...seen.values()].sort((a, b) => compareSequenceNumbers(a.seq, b.seq) || (a.txId < b.txId ? -1 : 1))
      const reference = [...onePass].sort((a, b) => compareSequenceNumbers(a.seq, b.seq) || (a.txId < b.txId ? -1 : 1))
      return JSON.stringify(replayed) === JSON.stringify(reference)
    }),
    { numRuns: 150 },
  )
})
