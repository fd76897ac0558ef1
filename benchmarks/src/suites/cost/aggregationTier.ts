// One month of the aggregation tier at one workload: what replaces the Flink application.
import { eventuallyConsistentReadUnits, onDemandBilledBytes, putPayloadUnits, touchedKeys, writeUnits } from './billingUnits.js'
import {
  DEFAULT_ASSUMPTIONS,
  KINESIS_SHARD_LIMITS,
  SECONDS_PER_MONTH,
  STACK_DEPLOYMENT,
  eventStreamShards,
  meanHeadWriteUnits,
  recordInvocationsPerShardSecond,
  type Deployment,
  type MergeMeasurement,
  type ModelAssumptions,
  type WindowMeasurement,
  type Workload,
} from './costModel.js'
import { DIRECTORY_SLOTS } from '@sdp/stream-runtime'
import { AWS_PRICES, HOURS_PER_MONTH, type AwsPrices } from './prices.js'

/** The tier's month, USD unless named otherwise, with the counts behind it. */
export interface AggregationTier {
  readonly eventShards: number
  readonly partialsShards: number
  readonly stage1Invocations: number
  readonly stage1Lambda: number
  readonly stage1State: number
  /** Partials records per stage-1 shard and window, and their mean bytes. */
  readonly partialsRecordsPerShardWindow: number
  readonly partialsRecordBytes: number
  readonly partialsStream: number
  readonly stage2Invocations: number
  readonly stage2ItemsPerInvocation: number
  readonly stage2Lambda: number
  readonly stage2State: number
  readonly dynamoWriteUnits: number
  readonly dynamoWrites: number
  readonly dynamoReads: number
  readonly total: number
  /** ≈ stage-1 window + stage-1 batching + stage-2 batching, seconds. */
  readonly freshnessSeconds: number
}

const GB = 1024 ** 3
const PERIOD_SECONDS = 60

/** The month of the tier; every input is a parameter so tests can check each line. */
export function aggregationTier(
  workload: Workload,
  stage1: WindowMeasurement,
  stage2: MergeMeasurement,
  deployment: Deployment = STACK_DEPLOYMENT,
  assumptions: ModelAssumptions = DEFAULT_ASSUMPTIONS,
  prices: AwsPrices = AWS_PRICES,
): AggregationTier {
  const { stage1: s1, stage2: s2 } = deployment
  const { cpuScale, extraIoMsPerInvocation: io } = assumptions
  const gbSecond = prices.lambdaGbSecondArm64.usd
  const coldStarts = (shards: number) => shards * assumptions.coldStartsPerShardPerDay * (SECONDS_PER_MONTH / 86_400)

  // Stage 1: invocations with records, one final invoke per shard and window.
  const eventShards = eventStreamShards(workload, deployment.eventStreamMode)
  const perShard = workload.eventsPerSecond / eventShards
  const recordInvocations = recordInvocationsPerShardSecond(perShard, s1) * eventShards * SECONDS_PER_MONTH
  const windows1 = (eventShards * SECONDS_PER_MONTH) / s1.windowSeconds
  const recordsPerInvocation = (workload.eventsPerSecond * SECONDS_PER_MONTH) / Math.max(1, recordInvocations)
  const ms1 =
    recordInvocations * (cpuScale * (stage1.fixedMs + stage1.msPerRecord * recordsPerInvocation) + io) +
    windows1 * (cpuScale * (stage1.fixedMs + stage1.finalExtraMs) + io)
  const stage1Lambda = (recordInvocations + windows1) * prices.lambdaRequest.usd + (ms1 / 1000) * (s1.memoryMb / 1024) * gbSecond
  const stage1State = stateCost(stage1, recordInvocations, windows1, coldStarts(eventShards), prices)

  // The partials one shard flushes per window: a partial per touched campaign and period, packed one record per key group.
  const minuteTouched = touchedKeys(workload.campaigns, (perShard * PERIOD_SECONDS) / workload.eventsPerTransaction)
  const windowTouched = touchedKeys(workload.campaigns, (perShard * s1.windowSeconds) / workload.eventsPerTransaction)
  const partials = minuteTouched * (s1.windowSeconds / PERIOD_SECONDS + stage2.partialsPerTouchedCampaign - 1)
  const partialsBytes = partials * stage2.partialsRecord.bytesPerPartial
  const records = Math.max(touchedKeys(64, windowTouched), Math.ceil(partialsBytes / 900_000))
  const recordBytes = stage2.partialsRecord.baseBytes + partialsBytes / records
  const monthRecords = windows1 * records

  const burstRecords = eventShards * records
  const { partialsShards, partialsStream } = partialsStreamPlan(burstRecords, recordBytes, monthRecords, deployment, prices)

  // Stage 2: its batching window gathers k stage-1 flushes into one cycle of invocations per shard.
  const k = Math.max(1, Math.floor(s2.maxBatchingWindowSeconds / s1.windowSeconds))
  const cycle = k * s1.windowSeconds
  const cycleRecords = (k * burstRecords) / partialsShards
  const invocationsPerCycle = Math.max(1, Math.ceil(cycleRecords / s2.batchSize), Math.ceil((cycleRecords * recordBytes) / (6 * 1024 * 1024)))
  const cycles = SECONDS_PER_MONTH / cycle
  const stage2Invocations = partialsShards * cycles * invocationsPerCycle
  const { items, dynamoWriteUnits, slotBytes, headBytes } = resultWrites(workload, stage2, cycle, cycles * invocationsPerCycle)
  const dynamoWrites = dynamoWriteUnits * prices.dynamoWriteRequestUnit.usd
  const itemsPerInvocation = items / stage2Invocations
  const windows2 = (partialsShards * SECONDS_PER_MONTH) / s2.windowSeconds
  const ms2 =
    stage2Invocations * (cpuScale * (stage2.fixedMs + stage2.msPerItem * itemsPerInvocation) + io + assumptions.msPerPutItem * itemsPerInvocation) +
    windows2 * (cpuScale * stage2.finalMs + io)
  const stage2Lambda = (stage2Invocations + windows2) * prices.lambdaRequest.usd + (ms2 / 1000) * (s2.memoryMb / 1024) * gbSecond
  const stage2State = stateCost(stage2, stage2Invocations, windows2, coldStarts(partialsShards), prices)
  const dynamoReads = dashboardReads(slotBytes, headBytes, assumptions, prices)

  const total = stage1Lambda + stage1State + partialsStream + stage2Lambda + stage2State + dynamoWrites + dynamoReads
  return {
    eventShards,
    partialsShards,
    stage1Invocations: recordInvocations + windows1,
    stage1Lambda,
    stage1State,
    partialsRecordsPerShardWindow: records,
    partialsRecordBytes: recordBytes,
    partialsStream,
    stage2Invocations: stage2Invocations + windows2,
    stage2ItemsPerInvocation: itemsPerInvocation,
    stage2Lambda,
    stage2State,
    dynamoWriteUnits,
    dynamoWrites,
    dynamoReads,
    total,
    freshnessSeconds: s1.windowSeconds + Math.max(1, s1.maxBatchingWindowSeconds) + Math.max(1, s2.maxBatchingWindowSeconds),
  }
}

/**
 * Stage 2's DynamoDB writes in a month of `invocations`, one cycle of `cycle` seconds apart per
 * partials shard. Each invocation writes the head of every campaign its records touch — the
 * periods of its latest hour and the hours and days of that day and month so far, so later writes
 * cost more — and the directory slot of each (256 slots, each holding the totals of all its
 * campaigns). An hour, a day and a month get an item of their own once, when a campaign's head
 * moves past them.
 */
function resultWrites(workload: Workload, stage2: MergeMeasurement, cycle: number, invocations: number) {
  const touchedIn = (seconds: number) => touchedKeys(workload.campaigns, (workload.eventsPerSecond * seconds) / workload.eventsPerTransaction)
  const cycleTouched = touchedIn(cycle)
  const headWrites = invocations * cycleTouched
  const slotWrites = invocations * touchedKeys(DIRECTORY_SLOTS, cycleTouched)
  const head = stage2.headItem
  const rollovers = [
    { writes: (touchedIn(3600) * SECONDS_PER_MONTH) / 3600, slots: 3600 / PERIOD_SECONDS },
    { writes: (touchedIn(86_400) * SECONDS_PER_MONTH) / 86_400, slots: 24 },
    { writes: touchedIn(SECONDS_PER_MONTH), slots: 30 },
  ]
  const slotBytes = stage2.totalsItem.baseBytes + stage2.totalsItem.bytesPerSlot * Math.max(1, workload.campaigns / DIRECTORY_SLOTS)
  const dynamoWriteUnits =
    headWrites * meanHeadWriteUnits(head, cycle, PERIOD_SECONDS) +
    slotWrites * writeUnits(slotBytes) +
    rollovers.reduce((n, r) => n + r.writes * writeUnits(head.baseBytes + head.bytesPerSlot * r.slots), 0)
  return {
    items: headWrites + slotWrites + rollovers.reduce((n, r) => n + r.writes, 0),
    dynamoWriteUnits,
    slotBytes,
    // A report reads a head about half full.
    headBytes: head.baseBytes + head.bytesPerSlot * 60,
  }
}

/** A stage's S3 state requests: writes per invocation and window, lists and reads per window, and the reads of cold starts. */
function stateCost(
  m: Pick<WindowMeasurement, 'statePutsPerInvocation' | 'statePutsPerWindow' | 'stateListsPerWindow' | 'stateGetsPerWindow'>,
  invocations: number,
  windows: number,
  coldStarts: number,
  prices: AwsPrices,
): number {
  const segments = invocations / windows
  return (
    (invocations * m.statePutsPerInvocation + windows * (m.statePutsPerWindow + m.stateListsPerWindow) + coldStarts) * prices.s3PutRequest.usd +
    (windows * m.stateGetsPerWindow + coldStarts * (1 + segments / 2)) * prices.s3GetRequest.usd
  )
}

/** The partials stream: sized for one window's flushes of every stage-1 shard within the burst, and its month. */
function partialsStreamPlan(
  burstRecords: number,
  recordBytes: number,
  monthRecords: number,
  deployment: Deployment,
  prices: AwsPrices,
): { partialsShards: number; partialsStream: number } {
  const need = Math.max(
    burstRecords / (KINESIS_SHARD_LIMITS.recordsPerSecond * deployment.partialsBurstSeconds),
    (burstRecords * recordBytes) / (KINESIS_SHARD_LIMITS.bytesPerSecond * deployment.partialsBurstSeconds),
  )
  const provisioned = deployment.partialsStreamMode === 'provisioned'
  // Key groups split evenly over a power of two of shards, at most 64.
  const partialsShards = Math.min(64, 2 ** Math.ceil(Math.log2(Math.max(1, provisioned ? need : Math.max(4, 2 * need)))))
  const partialsStream = provisioned
    ? partialsShards * HOURS_PER_MONTH * prices.kinesisShardHour.usd + monthRecords * putPayloadUnits(recordBytes) * prices.kinesisPutPayloadUnit.usd
    : HOURS_PER_MONTH * prices.kinesisOnDemandStreamHour.usd +
      ((monthRecords * onDemandBilledBytes(recordBytes)) / GB) * prices.kinesisOnDemandGbIn.usd +
      ((monthRecords * recordBytes) / GB) * prices.kinesisOnDemandGbOut.usd
  return { partialsShards, partialsStream }
}

/** Readers: a dashboard polls the campaign list (one Query of the 256 slots) and a few campaign reports (a slot, a month item and the head each). */
function dashboardReads(slotBytes: number, headBytes: number, assumptions: ModelAssumptions, prices: AwsPrices): number {
  const polls = SECONDS_PER_MONTH / assumptions.dashboardPollSeconds
  const listUnits = eventuallyConsistentReadUnits(DIRECTORY_SLOTS * slotBytes)
  const reportUnits = eventuallyConsistentReadUnits(slotBytes) + eventuallyConsistentReadUnits(1) + eventuallyConsistentReadUnits(headBytes)
  return polls * (listUnits + assumptions.campaignReportsPerPoll * reportUnits) * prices.dynamoReadRequestUnit.usd
}
