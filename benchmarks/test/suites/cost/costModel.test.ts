import t, { type Test } from 'tap'
import {
  DEFAULT_ASSUMPTIONS,
  STACK_DEPLOYMENT,
  monthlyCost,
  recordInvocationsPerShardSecond,
  shardsFor,
  wruPerPartialWrite,
  type HandlerMeasurement,
  type ModelAssumptions,
} from '../../../src/suites/cost/costModel.js'
import { fitLine } from '../../../src/suites/cost/measureWindowHandler.js'
import { AWS_PRICES, flinkMinimumMonthly, type AwsPrices } from '../../../src/suites/cost/prices.js'

const SECONDS_PER_MONTH = 730 * 3600

/** Round numbers so every line of the arithmetic can be checked by hand. */
const measured: HandlerMeasurement = {
  fixedMs: 10,
  msPerRecord: 0.02,
  finalExtraMs: 40,
  statePutsPerInvocation: 1,
  statePutsPerWindow: 1,
  stateListsPerWindow: 2,
  stateGetsPerWindow: 2,
  lakePutsPerInvocation: 3,
  partialBytes: 150,
}
const plain: ModelAssumptions = { cpuScale: 1, extraIoMsPerInvocation: 0, coldStartsPerShardPerDay: 0 }
const close = (t: Test, actual: number, expected: number, what: string) => t.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≈ ${expected}`)

t.test("Managed Flink's minimum is 2 KPU for 730 h plus 50 GB of running storage: $165.60", async (t) => {
  close(t, flinkMinimumMonthly(), 165.6, 'list prices')
  t.equal(AWS_PRICES.lambdaRequest.usd * 1e6, 0.2)
  t.equal(AWS_PRICES.lambdaGbSecondArm64.usd, 0.0000133334)
})

t.test('shards follow the per-shard write limits, records or bytes', async (t) => {
  t.equal(shardsFor({ eventsPerSecond: 1_000, recordBytes: 200, activeCampaigns: 1 }), 1)
  t.equal(shardsFor({ eventsPerSecond: 1_001, recordBytes: 200, activeCampaigns: 1 }), 2)
  t.equal(shardsFor({ eventsPerSecond: 100_000, recordBytes: 200, activeCampaigns: 1 }), 100)
  t.equal(shardsFor({ eventsPerSecond: 1_000, recordBytes: 2_048, activeCampaigns: 1 }), 2, '2 MB/s needs two shards')
  t.equal(shardsFor({ eventsPerSecond: 10, recordBytes: 200, activeCampaigns: 1 }, { ...STACK_DEPLOYMENT, minShards: 4 }), 4)
})

t.test('invocations: a full batch, or one per batching window when records trickle', async (t) => {
  t.equal(recordInvocationsPerShardSecond(1_000), 1, '1,000 records/s fill a 1,000 batch each second')
  t.equal(recordInvocationsPerShardSecond(100), 0.2, 'slower traffic waits out the 5 s batching window')
  t.equal(recordInvocationsPerShardSecond(0), 0)
  t.equal(recordInvocationsPerShardSecond(1_000, { ...STACK_DEPLOYMENT, batchSize: 10_000, maxBatchingWindowSeconds: 10 }), 0.1)
})

t.test('DynamoDB write units grow with the partials every shard adds to an item', async (t) => {
  t.equal(wruPerPartialWrite(1, measured), 1, 'one shard: 2 partials of 150 B')
  // 100 shards × 2 windows per period = 200 partials; a write finds ~100.5 → 100 + 15,075 B → 15 KB.
  t.equal(wruPerPartialWrite(100, measured), 15)
})

t.test('1 K events/s on one shard, line by line', async (t) => {
  const c = monthlyCost({ eventsPerSecond: 1_000, recordBytes: 200, activeCampaigns: 100 }, measured, STACK_DEPLOYMENT, plain)
  const recordInvocations = SECONDS_PER_MONTH // one per second
  const windows = SECONDS_PER_MONTH / 60
  t.equal(c.shards, 1)
  t.equal(c.invocationsPerMonth, recordInvocations + windows)
  t.equal(c.recordsPerInvocation, 1_000)
  close(t, c.lambdaRequests, (recordInvocations + windows) * 0.2e-6, 'requests')
  // 10 + 0.02 × 1,000 = 30 ms per invocation with records, 10 + 40 = 50 ms per final invoke, 1 GB.
  close(t, c.lambdaDuration, ((recordInvocations * 30 + windows * 50) / 1000) * 0.0000133334, 'duration')
  close(t, c.stateBackend, (recordInvocations * 1 + windows * 3) * 0.005e-3 + windows * 2 * 0.0004e-3, 'a segment PUT per invocation; a checkpoint PUT, two LISTs and two GETs per window')
  close(t, c.dynamoWrites, windows * 100 * 2 * 1 * 0.625e-6, '100 campaigns × 2 periods per window × 1 WRU')
  close(t, c.lakeSink, recordInvocations * 3 * 0.005e-3, 'three parquet PUTs per invocation')
  close(t, c.kinesis, 730 * 0.015 + 1_000 * SECONDS_PER_MONTH * 0.014e-6, 'one shard-month and one PUT unit per record')
  close(t, c.aggregationTier, c.lambdaRequests + c.lambdaDuration + c.stateBackend + c.dynamoWrites, 'the tier excludes the stream and the lake')
  close(t, c.ratioToFlinkMinimum, c.aggregationTier / 165.6, 'ratio')
  close(t, c.stateBackendPerMillionEvents, c.stateBackend / (SECONDS_PER_MONTH * 1_000 / 1e6), 'per million events')
})

t.test('the assumptions scale duration and add cold-start reads', async (t) => {
  const base = monthlyCost({ eventsPerSecond: 1_000, recordBytes: 200, activeCampaigns: 100 }, measured, STACK_DEPLOYMENT, plain)
  const scaled = monthlyCost({ eventsPerSecond: 1_000, recordBytes: 200, activeCampaigns: 100 }, measured, STACK_DEPLOYMENT, { ...plain, cpuScale: 2, extraIoMsPerInvocation: 10 })
  // 30 → 70 ms and 50 → 110 ms.
  close(t, scaled.lambdaDuration, ((SECONDS_PER_MONTH * 70 + (SECONDS_PER_MONTH / 60) * 110) / 1000) * 0.0000133334, 'scaled duration')
  t.equal(scaled.stateBackend, base.stateBackend)
  const cold = monthlyCost({ eventsPerSecond: 1_000, recordBytes: 200, activeCampaigns: 100 }, measured, STACK_DEPLOYMENT, { ...plain, coldStartsPerShardPerDay: 24 })
  const starts = 24 * (SECONDS_PER_MONTH / 86_400)
  // Each cold start LISTs once and GETs the checkpoint and half a window of segments (60 / 2 = 30).
  close(t, cold.stateBackend - base.stateBackend, starts * 0.005e-3 + starts * 31 * 0.0004e-3, 'cold starts')
})

t.test('prices are inputs: doubling every price doubles every cost', async (t) => {
  const doubled = Object.fromEntries(Object.entries(AWS_PRICES).map(([k, p]) => [k, { usd: p.usd * 2 }])) as unknown as AwsPrices
  const w = { eventsPerSecond: 10_000, recordBytes: 200, activeCampaigns: 1_000 }
  const a = monthlyCost(w, measured, STACK_DEPLOYMENT, DEFAULT_ASSUMPTIONS)
  const b = monthlyCost(w, measured, STACK_DEPLOYMENT, DEFAULT_ASSUMPTIONS, doubled)
  close(t, b.aggregationTier, 2 * a.aggregationTier, 'tier')
  close(t, b.kinesis, 2 * a.kinesis, 'kinesis')
  close(t, b.ratioToFlinkMinimum, a.ratioToFlinkMinimum, 'the ratio does not move')
})

t.test('the fit of batch timings gives fixed and per-record milliseconds', async (t) => {
  t.same(fitLine([[1_000, 30], [10_000, 210]]), { fixedMs: 10, msPerRecord: 0.02 })
  t.same(fitLine([[1_000, 40]]), { fixedMs: 0, msPerRecord: 0.04 })
  const backwards = fitLine([[1_000, 50], [2_000, 40]])
  t.equal(backwards.fixedMs, 0, 'a backwards line falls back to proportional')
  close(t, backwards.msPerRecord, (0.05 + 0.02) / 2, 'the mean ms per record')
})
