import t, { type Test } from 'tap'
import { flinkBaseline } from '../../../src/suites/cost/flinkBaseline.js'
import { AWS_PRICES, flinkMinimumMonthly } from '../../../src/suites/cost/prices.js'

const close = (t: Test, actual: number, expected: number, what: string) =>
  t.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≈ ${expected}`)

t.test("Managed Flink's minimum is 2 KPU for 730 h plus 50 GB of running storage: $165.60", async (t) => {
  close(t, flinkMinimumMonthly(), 165.6, 'list prices')
  t.equal(AWS_PRICES.flinkKpuHour.usd, 0.11)
})

t.test('worked example: 100,000 events/s and 100 campaigns', async (t) => {
  const b = flinkBaseline(100_000, 100, 2)
  t.equal(b.processingKpus, 5, 'ceil(100,000 / 22,900)')
  close(t, b.flink, 6 * 730 * 0.11 + 5 * 50 * 0.1, '(5 + 1) KPU × 730 h × $0.11 + 250 GB × $0.10 = $506.80')
  close(t, b.flink, 506.8, 'in dollars')
  close(t, b.changedKeysPerMinute, 100, 'every campaign changes every minute')
  close(t, b.resultWrites, 100 * 43_800 * 0.625e-6, 'one 1-WRU write per campaign per minute: $2.74')
  close(t, b.total, 506.8 + 2.7375, 'total')
})

t.test('small jobs pay the minimum; KPUs step at every 22,900 events/s', async (t) => {
  t.equal(flinkBaseline(1_000, 100, 2).processingKpus, 1)
  close(t, flinkBaseline(1_000, 100, 2).flink, 165.6, 'the minimum')
  t.equal(flinkBaseline(22_900, 100, 2).processingKpus, 1)
  t.equal(flinkBaseline(22_901, 100, 2).processingKpus, 2)
  close(t, flinkBaseline(22_901, 100, 2).flink, 3 * 730 * 0.11 + 100 * 0.1, 'two KPUs: 3 × 730 × 0.11 + 100 GB × $0.10 = $250.90')
})

t.test('result writes count the (campaign, minute) keys a minute changes', async (t) => {
  // 1,000 events/s = 30,000 transactions a minute over 10,000 campaigns: 1 − e^−3 of them change.
  const b = flinkBaseline(1_000, 10_000, 2)
  close(t, b.changedKeysPerMinute, 10_000 * (1 - Math.exp(-3)), 'changed keys')
  close(t, b.resultWrites, b.changedKeysPerMinute * 43_800 * 0.625e-6, 'writes')
})
