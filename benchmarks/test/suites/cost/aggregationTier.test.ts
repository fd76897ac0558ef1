import t, { type Test } from 'tap'
import { aggregationTier } from '../../../src/suites/cost/aggregationTier.js'
import {
  STACK_DEPLOYMENT,
  eventStreamShards,
  meanHeadWriteUnits,
  recordInvocationsPerShardSecond,
  type Deployment,
  type MergeMeasurement,
  type ModelAssumptions,
  type WindowMeasurement,
} from '../../../src/suites/cost/costModel.js'
import { costRow, targetRatio } from '../../../src/suites/cost/costRows.js'
import { fitLine } from '../../../src/suites/cost/measureWindowHandler.js'
import { AWS_PRICES, type AwsPrices } from '../../../src/suites/cost/prices.js'

const SECONDS_PER_MONTH = 730 * 3600
const close = (t: Test, actual: number, expected: number, what: string) =>
  t.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≈ ${expected}`)

/** Round numbers so every line can be checked by hand. */
const stage1: WindowMeasurement = {
  fixedMs: 10,
  msPerRecord: 0.02,
  finalExtraMs: 40,
  statePutsPerInvocation: 1,
  statePutsPerWindow: 1,
  stateListsPerWindow: 2,
  stateGetsPerWindow: 2,
  lakePutsPerInvocation: 3,
  lakeBytesPerEvent: 20,
  jsonCopyRowsPerEvent: 0.5,
  jsonCopyRowBytes: 250,
  partialsPutRecordsPerWindow: 1,
  partialsRecordsPerWindow: 64,
  partialsRecordBytes: 1000,
  maxPartialsRecordBytes: 2000,
  meanRecordBytes: 200,
}
const stage2: MergeMeasurement = {
  fixedMs: 20,
  msPerItem: 0.1,
  finalMs: 50,
  putItemsPerTouchedCampaign: 3,
  partialsPerTouchedCampaign: 1,
  statePutsPerInvocation: 1,
  statePutsPerWindow: 1,
  stateListsPerWindow: 2,
  stateGetsPerWindow: 1,
  totalsItem: { baseBytes: 100, bytesPerSlot: 0 },
  headItem: { baseBytes: 100, bytesPerSlot: 0 },
  partialsRecord: { baseBytes: 0, bytesPerPartial: 50 },
}
const plain: ModelAssumptions = {
  cpuScale: 1,
  extraIoMsPerInvocation: 0,
  msPerPutItem: 0,
  coldStartsPerShardPerDay: 0,
  dashboardPollSeconds: 60,
  campaignReportsPerPoll: 10,
}
const deployment: Deployment = {
  stage1: { memoryMb: 1024, batchSize: 1000, maxBatchingWindowSeconds: 5, windowSeconds: 60 },
  stage2: { memoryMb: 1024, batchSize: 10_000, maxBatchingWindowSeconds: 1, windowSeconds: 900 },
  eventStreamMode: 'provisioned',
  partialsStreamMode: 'provisioned',
  partialsBurstSeconds: 2,
}
const workload = { eventsPerSecond: 1_000, recordBytes: 200, campaigns: 100, eventsPerTransaction: 2 }

t.test('event-stream shards: what the writes need; on demand twice that, at least 4', async (t) => {
  t.equal(eventStreamShards({ eventsPerSecond: 1_000, recordBytes: 200 }, 'provisioned'), 1)
  t.equal(eventStreamShards({ eventsPerSecond: 1_001, recordBytes: 200 }, 'provisioned'), 2)
  t.equal(eventStreamShards({ eventsPerSecond: 1_000, recordBytes: 2_048 }, 'provisioned'), 2, '2 MB/s needs two shards')
  t.equal(eventStreamShards({ eventsPerSecond: 1_000, recordBytes: 200 }, 'on-demand'), 4)
  t.equal(eventStreamShards({ eventsPerSecond: 100_000, recordBytes: 200 }, 'on-demand'), 200)
})

t.test('invocations: a full batch, or one per batching window when records trickle', async (t) => {
  t.equal(recordInvocationsPerShardSecond(1_000, deployment.stage1), 1)
  t.equal(recordInvocationsPerShardSecond(100, deployment.stage1), 0.2)
  t.equal(recordInvocationsPerShardSecond(0, deployment.stage1), 0)
  t.equal(recordInvocationsPerShardSecond(100, { ...deployment.stage1, maxBatchingWindowSeconds: 0 }), 1, 'no batching window: about a poll a second')
})

t.test('a head costs more WRU as its hour, day and month fill', async (t) => {
  t.equal(meanHeadWriteUnits({ baseBytes: 100, bytesPerSlot: 0 }, 60, 60), 1, 'an empty head: 1 WRU a write')
  // Slots at write t: minutes of the hour so far + hours of the day + days of the month, 10 B each.
  const head = { baseBytes: 100, bytesPerSlot: 10 }
  let units = 0
  for (let t = 3600; t <= 30 * 86_400; t += 3600) units += Math.ceil((100 + 10 * (1 + Math.floor((t % 86_400) / 3600) + Math.floor(t / 86_400))) / 1024)
  close(t, meanHeadWriteUnits(head, 3600, 60), units / (30 * 24), 'a write an hour, at the start of each hour')
  t.ok(meanHeadWriteUnits({ baseBytes: 100, bytesPerSlot: 40 }, 60, 60) > 2, 'accumulators of 40 B: most writes hold more than 1 KB')
})

t.test('1 K events/s, 100 campaigns, line by line', async (t) => {
  const c = aggregationTier(workload, stage1, stage2, deployment, plain)
  const windows = SECONDS_PER_MONTH / 60
  t.equal(c.eventShards, 1)
  t.equal(c.stage1Invocations, SECONDS_PER_MONTH + windows, 'one invocation a second, a final invoke a window')
  // 10 + 0.02 × 1,000 = 30 ms with records, 10 + 40 = 50 ms final, 1 GB.
  close(t, c.stage1Lambda, (SECONDS_PER_MONTH + windows) * 0.2e-6 + ((SECONDS_PER_MONTH * 30 + windows * 50) / 1000) * 0.0000133334, 'stage-1 Lambda')
  close(
    t,
    c.stage1State,
    (SECONDS_PER_MONTH + windows * 3) * 0.005e-3 + windows * 2 * 0.0004e-3,
    'a segment PUT per invocation; checkpoint PUT, 2 LISTs, 2 GETs per window',
  )
  // 100 campaigns × 1 partial × 50 B in the key groups 100 keys touch: 64 × (1 − e^(−100/64)).
  const groups = 64 * (1 - Math.exp(-100 / 64))
  close(t, c.partialsRecordsPerShardWindow, groups, 'records per flush')
  close(t, c.partialsRecordBytes, 5000 / groups, 'bytes per record')
  t.equal(c.partialsShards, 1)
  close(t, c.partialsStream, 730 * 0.015 + windows * groups * 1 * 0.014e-6, 'one shard-month, one PUT payload unit per record')
  // Stage 2: one cycle per minute; 100 heads and the directory slots 100 campaigns touch of 256,
  // and per campaign an hour item an hour, a day item a day and a month item; every item 1 WRU.
  const slots = 256 * (1 - Math.exp(-100 / 256))
  const wru = windows * (100 + slots) + 100 * (SECONDS_PER_MONTH / 3600 + SECONDS_PER_MONTH / 86_400 + 1)
  close(t, c.dynamoWriteUnits, wru, 'write units')
  close(t, c.dynamoWrites, wru * 0.625e-6, 'writes')
  close(
    t,
    c.dynamoReads,
    (SECONDS_PER_MONTH / 60) * (3.5 + 10 * 3 * 0.5) * 0.125e-6,
    'a dashboard: the list (256 slots × 100 B = 7 × 4 KB, half a unit each) and 10 reports of 3 items',
  )
  close(
    t,
    c.total,
    c.stage1Lambda + c.stage1State + c.partialsStream + c.stage2Lambda + c.stage2State + c.dynamoWrites + c.dynamoReads,
    'the tier is the sum of its parts',
  )
  t.equal(c.freshnessSeconds, 60 + 5 + 1, 'stage-1 window + both batching windows')
})

t.test('a longer stage-2 batching window merges several stage-1 flushes into one write per item', async (t) => {
  const perMinute = aggregationTier(workload, stage1, stage2, deployment, plain)
  const perFive = aggregationTier(workload, stage1, stage2, { ...deployment, stage2: { ...deployment.stage2, maxBatchingWindowSeconds: 300 } }, plain)
  const slots = 256 * (1 - Math.exp(-100 / 256))
  close(
    t,
    perFive.dynamoWriteUnits,
    (SECONDS_PER_MONTH / 300) * (100 + slots) + 100 * (SECONDS_PER_MONTH / 3600 + SECONDS_PER_MONTH / 86_400 + 1),
    'a cycle of five minutes',
  )
  t.ok(perFive.dynamoWrites < perMinute.dynamoWrites / 3)
  t.equal(perFive.freshnessSeconds, 60 + 5 + 300)
})

t.test('on demand, the partials stream pays its stream-hours and GB instead of shards', async (t) => {
  const c = aggregationTier(workload, stage1, stage2, { ...deployment, partialsStreamMode: 'on-demand' }, plain)
  const records = (SECONDS_PER_MONTH / 60) * c.partialsRecordsPerShardWindow
  close(
    t,
    c.partialsStream,
    730 * 0.04 + ((records * 1024) / 1024 ** 3) * 0.08 + ((records * c.partialsRecordBytes) / 1024 ** 3) * 0.04,
    'stream-hours, 1 KB per record in, bytes out',
  )
})

t.test('a row puts the tier next to its baseline and target', async (t) => {
  const row = costRow(workload, { stage1, stage2 }, deployment, plain)
  close(t, row.ratio, row.tier.total / row.baseline.total, 'ratio')
  t.equal(row.target, 0.2)
  t.equal(targetRatio(10_000), 1)
  t.equal(targetRatio(100_000), 1)
  t.ok(row.platform.total > row.tier.total, 'the platform holds the tier and more')
  close(t, row.platform.aggregationTier, row.tier.total, 'the same tier')
})

t.test('prices are inputs: doubling every price doubles every cost', async (t) => {
  const doubled = Object.fromEntries(Object.entries(AWS_PRICES).map(([k, p]) => [k, { usd: p.usd * 2 }])) as unknown as AwsPrices
  const w = { ...workload, eventsPerSecond: 10_000, campaigns: 1_000 }
  const a = aggregationTier(w, stage1, stage2, STACK_DEPLOYMENT)
  const b = aggregationTier(w, stage1, stage2, STACK_DEPLOYMENT, undefined, doubled)
  close(t, b.total, 2 * a.total, 'tier')
})

t.test('the fit of batch timings gives fixed and per-record milliseconds', async (t) => {
  t.same(
    fitLine([
      [1_000, 30],
      [10_000, 210],
    ]),
    { fixedMs: 10, msPerRecord: 0.02 },
  )
  t.same(fitLine([[1_000, 40]]), { fixedMs: 0, msPerRecord: 0.04 })
  const backwards = fitLine([
    [1_000, 50],
    [2_000, 40],
  ])
  t.equal(backwards.fixedMs, 0, 'a backwards line falls back to proportional')
  close(t, backwards.msPerRecord, (0.05 + 0.02) / 2, 'the mean ms per record')
})
