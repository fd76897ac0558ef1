import { silentTelemetry } from '@sdp/service-kit'
// Times stage 2 (createReportingMergeHandler, the merge Lambda's code) on the very records stage 1
// wrote to the local partials stream, read back with GetRecords, and counts its S3 state requests
// and DynamoDB PutItems with their item sizes.
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-kinesis'
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'
import { createReportingMergeHandler, DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { decodePartialsRecord } from '@sdp/stream-runtime'
import { median } from '../../harness/measure.js'
import type { MergeMeasurement } from './costModel.js'
import { fitLine, type StageContext, type WindowHandlerMeasurement } from './measureWindowHandler.js'
import { diff, meanCounts, type Counts } from './RequestCounter.js'

const SHARD = 'shardId-000000000000'

/** Options of {@link measureMergeHandler}. */
export interface MergeOptions {
  /** Stage-2 invocations per stage-2 Lambda window (then one final invoke). */
  readonly invocationsPerWindow: number
  /** The results table (created by the caller). */
  readonly resultsTable: string
}

/** The measurement and its raw numbers. */
export interface MergeHandlerMeasurement extends MergeMeasurement {
  readonly campaigns: number
  readonly invocations: ReadonlyArray<{ readonly records: number; readonly items: number; readonly ms: number; readonly touched: number }>
  readonly requestsPerInvocation: Readonly<Record<string, number>>
  readonly requestsPerWindow: Readonly<Record<string, number>>
  readonly medianFinalMs: number
}

/**
 * Reads every record of the partials stream, cuts them by the stage-1 window that wrote them, and
 * hands each window's records to stage 2 in one invocation (the stage-2 batching window gathers a
 * stage-1 flush whole), with a final invoke every `invocationsPerWindow` invocations, carrying
 * Lambda's `state`. Arrival times are the stage-1 window's end, as on AWS.
 */
export async function measureMergeHandler(context: StageContext, stage1: WindowHandlerMeasurement, options: MergeOptions): Promise<MergeHandlerMeasurement> {
  const { services, counter, bucket, partialsStream } = context
  const handler = createReportingMergeHandler({
    ...services,
    bucket,
    resultsTable: options.resultsTable,
    partialsStream,
    config: DEFAULT_REPORTING_CONFIG,
    telemetry: silentTelemetry(),
  })
  const all = await readStream(context, partialsStream)
  const bytesOfPartials = partialsAndBytes(all)
  const invocations: Array<{ records: number; items: number; ms: number; touched: number }> = []
  const perInvocation: Counts[] = []
  const perWindow: Counts[] = []
  const finalMs: number[] = []
  let at = 0
  let partials = 0
  let state: KinesisWindowEvent['state'] = {}
  let windowBefore = counter.snapshot()
  let inWindow = 0
  for (const [w, flush] of stage1.partialsRecordsByWindow.entries()) {
    const records = all.slice(at, at + flush.records).map((r) => ({ kinesis: { ...r, approximateArrivalTimestamp: flush.end / 1000 + 1 } }))
    at += flush.records
    const window = { start: new Date(flush.end).toISOString(), end: new Date(flush.end + 60_000 * options.invocationsPerWindow).toISOString() }
    const before = counter.snapshot()
    const itemsBefore = counter.sizes.putItems.length
    const t0 = performance.now()
    state = (await handler({ Records: records, window, state, shardId: SHARD, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false })).state ?? {}
    const ms = performance.now() - t0
    // The first invocation reads an empty state and writes fresh items: warm-up.
    if (w > 0) {
      for (let i = at - flush.records; i < at; i++) partials += bytesOfPartials[i]?.[0] ?? 0
      invocations.push({
        records: records.length,
        items: counter.sizes.putItems.length - itemsBefore,
        ms,
        touched: Math.min(stage1.campaigns, flush.transactions),
      })
      perInvocation.push(diff(counter.counts, before))
    }
    if (++inWindow === options.invocationsPerWindow) {
      const t1 = performance.now()
      await handler({ Records: [], window, state, shardId: SHARD, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false })
      finalMs.push(performance.now() - t1)
      perWindow.push(diff(counter.counts, windowBefore))
      windowBefore = counter.snapshot()
      state = {}
      inWindow = 0
    }
  }
  const { fixedMs, msPerRecord: msPerItem } = fitLine(invocations.map((i) => [i.items, i.ms] as const))
  const items = counter.sizes.putItems
  const ofKind = (kind: string) => items.filter((i) => i.kind === kind)
  const invocationMeans = meanCounts(perInvocation)
  const windowMeans = meanCounts(perWindow)
  const touched = invocations.reduce((s, i) => s + i.touched, 0)
  return {
    campaigns: stage1.campaigns,
    fixedMs: Math.max(0, fixedMs),
    msPerItem,
    finalMs: median(finalMs),
    partialsPerTouchedCampaign: partials / Math.max(1, touched),
    putItemsPerTouchedCampaign: invocations.reduce((s, i) => s + i.items, 0) / Math.max(1, touched),
    statePutsPerInvocation: invocationMeans['state PUT'] ?? 0,
    statePutsPerWindow: Math.max(0, (windowMeans['state PUT'] ?? 0) - (invocationMeans['state PUT'] ?? 0) * options.invocationsPerWindow),
    stateListsPerWindow: windowMeans['state LIST'] ?? 0,
    stateGetsPerWindow: windowMeans['state GET'] ?? 0,
    totalsItem: itemSize(ofKind('dir')),
    headItem: itemSize(ofKind('k')),
    partialsRecord: fitBytes(bytesOfPartials),
    invocations: invocations.map((i) => ({ ...i, ms: Number(i.ms.toFixed(2)) })),
    requestsPerInvocation: invocationMeans,
    requestsPerWindow: windowMeans,
    medianFinalMs: Number(median(finalMs).toFixed(2)),
  }
}

/** Partials per record and the record's bytes as stored (gzipped); throws on a record stage 2 cannot read. */
function partialsAndBytes(records: ReadonlyArray<{ readonly data: string }>): Array<readonly [number, number]> {
  return records.map((r) => {
    const bytes = Buffer.from(r.data, 'base64')
    const read = decodePartialsRecord(bytes)
    if (!read.ok) throw new Error(`stage 1 wrote a record stage 2 cannot read: ${read.reason}`)
    return [read.record.partials.length, bytes.byteLength] as const
  })
}

/** An item's bytes as `base + perSlot × slots`, fitted over the items written. */
function itemSize(items: ReadonlyArray<{ bytes: number; slots: number }>): { baseBytes: number; bytesPerSlot: number } {
  if (items.length === 0) return { baseBytes: 0, bytesPerSlot: 0 }
  const slots = new Set(items.map((i) => i.slots))
  if (slots.size === 1) return { baseBytes: median(items.map((i) => i.bytes)), bytesPerSlot: 0 }
  const { fixedMs, msPerRecord } = fitLine(items.map((i) => [i.slots, i.bytes] as const))
  return { baseBytes: Math.max(0, fixedMs), bytesPerSlot: msPerRecord }
}

/** A partials record's bytes as `base + perPartial × partials`. */
function fitBytes(points: ReadonlyArray<readonly [number, number]>): { baseBytes: number; bytesPerPartial: number } {
  const { fixedMs, msPerRecord } = fitLine(points)
  return { baseBytes: Math.max(0, fixedMs), bytesPerPartial: msPerRecord }
}

/** Every record of the one-shard stream, as the event source hands them to Lambda (data in base64). */
async function readStream(context: StageContext, streamName: string): Promise<Array<{ partitionKey: string; sequenceNumber: string; data: string }>> {
  const { kinesis } = context.services
  let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: SHARD, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator
  const out: Array<{ partitionKey: string; sequenceNumber: string; data: string }> = []
  while (iterator) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }))
    for (const r of page.Records ?? [])
      out.push({ partitionKey: r.PartitionKey ?? '', sequenceNumber: r.SequenceNumber ?? '', data: Buffer.from(r.Data ?? new Uint8Array()).toString('base64') })
    if ((page.Records ?? []).length === 0) break
    iterator = page.NextShardIterator
  }
  return out
}
