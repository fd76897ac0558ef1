import t from 'tap'
import { runWindowInvocation } from '@sdp/aggregation-engine'
import { adTechJob, DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { adTechBatch } from '../../../src/suites/engine.js'
import { handWrittenCounts } from '../../../src/suites/engine/handWrittenCounts.js'

for (const order of ['grouped', 'eventTime'] as const) {
  t.test(`the hand-written reference counts what the engine job counts on the benchmark batch in ${order} order`, async (t) => {
    const batch = adTechBatch(2_000, 7, order)
    const job = adTechJob(DEFAULT_REPORTING_CONFIG)
    const engine = new Map<number, number[]>()
    for (const p of runWindowInvocation(batch, job, new Map()).partials) {
      engine.set((p.key as number) * 1e7 + Math.floor(p.window.start / DEFAULT_REPORTING_CONFIG.periodMs), p.accumulator as number[])
    }
    const hand = handWrittenCounts(batch, DEFAULT_REPORTING_CONFIG.periodMs)
    t.same([...hand.counts].sort(), [...engine].sort())
    t.equal(hand.kept.length, 2_000, 'every distinct event kept')
  })
}

t.test('a batch in event-time order holds the same mix as a grouped one, in event-time order', async (t) => {
  const types = (order: 'grouped' | 'eventTime') =>
    adTechBatch(10_000, 7, order).Records.map((r) => JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString()) as { type: string; ts: number })
  const grouped = types('grouped')
  const inEventTime = types('eventTime')
  const share = (events: { type: string }[], type: string) => events.filter((e) => e.type === type).length / events.length
  for (const type of ['bid', 'imp', 'click']) t.ok(Math.abs(share(inEventTime, type) - share(grouped, type)) < 0.01, `${type}s`)
  t.ok(
    inEventTime.every((e, i) => i === 0 || inEventTime[i - 1]!.ts <= e.ts),
    'ordered by event time',
  )
  t.notOk(
    grouped.every((e, i) => i === 0 || grouped[i - 1]!.ts <= e.ts),
    'the grouped batch is not',
  )
})
