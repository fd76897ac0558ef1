import t from 'tap'
import fc from 'fast-check'
import { ChaosExpected, chaosTransaction, nextBatch } from '../../src/suites/chaos/chaosTraffic.js'
import { killSchedule } from '../../src/suites/chaos/killSchedule.js'
import { totalFaults } from '../../src/suites/chaos/faultTally.js'
import { FaultCounter } from '../../../infra/local/src/faults/FaultCounter.js'

t.test('batches never split a transaction and count each distinct event once', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 }), (maxEvents, transactions) => {
      const expected = new ChaosExpected()
      let next = 0
      let distinct = 0
      const txs = new Set<string>()
      while (next < transactions) {
        const cut = nextBatch(next, maxEvents, 7, 100, expected)
        const ids = new Set(cut.batch.events.map((e) => e.tx_id as string))
        for (const id of ids) {
          if (txs.has(id)) return false // a transaction in two batches
          txs.add(id)
        }
        if (cut.batch.events.length > maxEvents && ids.size > 1) return false
        distinct += cut.batch.distinct
        next = cut.next
      }
      const reference = { bids: 0, imps: 0, clicks: 0 }
      for (let i = 0; i < next; i++) {
        const types = new Set(chaosTransaction(i, 7, 100).map((e) => e.type))
        reference.bids += types.has('bid') ? 1 : 0
        reference.imps += types.has('imp') ? 1 : 0
        reference.clicks += types.has('click') ? 1 : 0
      }
      const perCampaign = [...expected.campaigns.values()].reduce((n, c) => n + c.bids + c.imps + c.clicks, 0)
      return (
        distinct === expected.events &&
        perCampaign === expected.events &&
        expected.bids === reference.bids &&
        expected.imps === reference.imps &&
        expected.clicks === reference.clicks
      )
    }),
  )
})

t.test('kills: one per slot of the middle 80 %, ascending, the same for the same seed', async (t) => {
  const a = killSchedule(6, 180_000, 7)
  t.same(a, killSchedule(6, 180_000, 7), 'seeded')
  t.not(JSON.stringify(a), JSON.stringify(killSchedule(6, 180_000, 8)), 'another seed, other moments')
  a.forEach((ms, i) => t.ok(ms >= 18_000 + i * 24_000 && ms <= 18_000 + (i + 1) * 24_000, `kill ${i} in its slot (${ms} ms)`))
  t.throws(() => killSchedule(0, 1000, 1), RangeError)
  t.throws(() => killSchedule(2, 0, 1), RangeError)
})

t.test('fault totals sum the incarnations', async (t) => {
  const one = new FaultCounter()
  one.request('s3', 'PutObject', 'b', 1)
  one.request('s3', 'PutObject', 'b', 2)
  one.fault('s3', 'SlowDown', 'PutObject', 'b')
  const two = new FaultCounter()
  two.request('s3', 'PutObject', 'b', 1)
  two.fault('s3', 'ResetAfterApply', 'PutObject', 'b')
  two.request('kinesis', 'PutRecords', 's', 1)
  two.fault('kinesis', 'PartialFailure', 'PutRecords', 's')
  const totals = totalFaults([one.snapshot(), two.snapshot()])
  t.same(totals.requests, { s3: 3, dynamodb: 0, kinesis: 1 })
  t.same(totals.faulted, { s3: 2, dynamodb: 0, kinesis: 1 })
  t.same(totals.sdkRetries, { s3: 1, dynamodb: 0, kinesis: 0 })
  t.same(totals.byKind, { SlowDown: 1, ResetAfterApply: 1, PartialFailure: 1 })
})
