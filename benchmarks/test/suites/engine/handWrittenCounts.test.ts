import t from 'tap'
import { runWindowInvocation } from '@sdp/aggregation-engine'
import { adTechJob, DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { adTechBatch } from '../../../src/suites/engine.js'
import { handWrittenCounts } from '../../../src/suites/engine/handWrittenCounts.js'

t.test('the hand-written reference counts what the engine job counts on the benchmark batch', async (t) => {
  const batch = adTechBatch(2_000, 7)
  const job = adTechJob(DEFAULT_REPORTING_CONFIG)
  const engine = new Map<number, number[]>()
  for (const p of runWindowInvocation(batch, job, new Map()).partials) {
    engine.set((p.key as number) * 1e7 + Math.floor(p.window.start / DEFAULT_REPORTING_CONFIG.periodMs), p.accumulator as number[])
  }
  const hand = handWrittenCounts(batch, DEFAULT_REPORTING_CONFIG.periodMs)
  t.same([...hand.counts].sort(), [...engine].sort())
  t.equal(hand.kept.length, 2_000, 'every distinct event kept')
})
