import { silentTelemetry } from '@sdp/service-kit'
// Times stage 1 (createReportingWindowHandler, the window Lambda's code, with its real
// KinesisPartialsSink) on ad-tech batches against in-process kinesalite and s3rver, and counts the
// S3 requests and the partials-stream PutRecords calls, records and bytes it makes per invocation.
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'
import type { startLocalServices } from '@sdp/infra'
import { createReportingWindowHandler, DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { median } from '../../harness/measure.js'
import { adTechTransaction } from '../engine/adTechTransaction.js'
import type { WindowMeasurement } from './costModel.js'
import { diff, meanCounts, type Counts, type RequestCounter } from './RequestCounter.js'

type LocalServices = Awaited<ReturnType<typeof startLocalServices>>

const SHARD = 'shardId-000000000000'
const FIRST_SEQUENCE = 49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_000_000n
const BASE_TS = Date.parse('2026-11-28T02:00:00Z')
const WINDOW_MS = 60_000

/** Options of {@link measureWindowHandler}. */
export interface MeasureOptions {
  /** Records per invocation to time; the fit of fixed and per-record cost uses all of them. */
  readonly batchSizes: readonly number[]
  /** Lambda windows timed per batch size (after one warm-up window). */
  readonly windows: number
  /** Invocations with records per window (then one final invoke). */
  readonly invocationsPerWindow: number
  /** Campaigns the transactions are spread over (round robin, so a window touches min(campaigns, transactions)). */
  readonly campaigns: number
}

/** Where the measured stage 1 ran: its services, the request counter on their clients, its names. */
export interface StageContext {
  readonly services: LocalServices
  readonly counter: RequestCounter
  readonly bucket: string
  readonly streamName: string
  readonly partialsStream: string
}

/** The measurement, its raw numbers, and how many partials records each stage-1 window wrote. */
export interface WindowHandlerMeasurement extends WindowMeasurement {
  readonly campaigns: number
  readonly medianMsByBatchSize: Readonly<Record<string, number>>
  readonly medianFinalMs: number
  readonly requestsPerInvocation: Readonly<Record<string, number>>
  readonly requestsPerFinalInvoke: Readonly<Record<string, number>>
  /** Everything a window made: its invocations and its final invoke. */
  readonly requestsPerWindow: Readonly<Record<string, number>>
  /** Partials records written by each window (warm-up included), in order, with the window's end. */
  readonly partialsRecordsByWindow: ReadonlyArray<{ readonly records: number; readonly end: number; readonly transactions: number }>
}

/**
 * Runs Lambda windows of `invocationsPerWindow` invocations of each batch size, then a final
 * invoke, through the real handler with its real clients, carrying Lambda's `state` as the event
 * source mapping does. Every invocation sees new transactions (≈ 2 events each: a bid, 60 % with
 * an impression, 40 % with a click) and new sequence numbers.
 */
export async function measureWindowHandler(context: StageContext, options: MeasureOptions): Promise<WindowHandlerMeasurement> {
  const { services, counter, bucket, streamName, partialsStream } = context
  const handler = createReportingWindowHandler({
    ...services,
    bucket,
    partialsStream,
    streamName,
    config: DEFAULT_REPORTING_CONFIG,
    telemetry: silentTelemetry(),
  })
  const sizes = counter.sizes
  let sequence = FIRST_SEQUENCE
  let tx = 0
  let recordBytes = 0
  let records = 0
  // A window's transactions spread over its minute, so consecutive windows fill consecutive periods (and hour items grow).
  let txInWindow = 0
  let windowTs = BASE_TS
  let txPerWindow = 1
  const batch = (n: number): KinesisWindowEvent['Records'] => {
    const out: Array<KinesisWindowEvent['Records'][number]> = []
    while (out.length < n) {
      const ts = windowTs + Math.floor((txInWindow++ * (WINDOW_MS - 1_000)) / txPerWindow)
      for (const e of adTechTransaction(tx, ts, options.campaigns, 12)) {
        if (out.length === n) break
        const data = JSON.stringify(e)
        recordBytes += data.length + e.tx_id.length
        records++
        out.push({
          kinesis: {
            partitionKey: e.tx_id,
            sequenceNumber: String(sequence++),
            data: Buffer.from(data).toString('base64'),
            approximateArrivalTimestamp: (ts + 50) / 1000,
          },
        })
      }
      tx++
    }
    return out
  }

  let windowStart = Math.floor(BASE_TS / WINDOW_MS) * WINDOW_MS
  const msBySize = new Map<number, number[]>()
  const finalMs: number[] = []
  const perInvocation: Counts[] = []
  const perFinal: Counts[] = []
  const perWindow: Counts[] = []
  const recordedPartials: number[] = []
  const byWindow: Array<{ records: number; end: number; transactions: number }> = []
  const entriesBefore = sizes.putRecordEntries.length
  const lakeBefore = sizes.s3Puts.get('lake')?.length ?? 0
  const copiesBefore = { ...sizes.jsonCopies }
  let measuredRecords = 0
  for (const size of options.batchSizes) {
    for (let w = 0; w <= options.windows; w++) {
      const recorded = w > 0 // window 0 warms up
      const window = { start: new Date(windowStart).toISOString(), end: new Date(windowStart + WINDOW_MS).toISOString() }
      windowStart += WINDOW_MS
      let state: KinesisWindowEvent['state'] = {}
      windowTs = windowStart - WINDOW_MS
      txInWindow = 0
      txPerWindow = Math.ceil((size * options.invocationsPerWindow) / 2)
      const windowBefore = counter.snapshot()
      const partialsBefore = sizes.putRecordEntries.length
      const txBefore = tx
      for (let i = 0; i < options.invocationsPerWindow; i++) {
        const event: KinesisWindowEvent = { Records: batch(size), window, state, shardId: SHARD, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false }
        const before = counter.snapshot()
        const t0 = performance.now()
        const response = await handler(event)
        const ms = performance.now() - t0
        state = response.state ?? {}
        measuredRecords += size
        if (recorded) {
          msBySize.set(size, [...(msBySize.get(size) ?? []), ms])
          perInvocation.push(diff(counter.counts, before))
        }
      }
      const before = counter.snapshot()
      const t0 = performance.now()
      await handler({ Records: [], window, state, shardId: SHARD, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false })
      const ms = performance.now() - t0
      byWindow.push({ records: sizes.putRecordEntries.length - partialsBefore, end: windowStart, transactions: tx - txBefore })
      if (recorded) {
        finalMs.push(ms)
        perFinal.push(diff(counter.counts, before))
        perWindow.push(diff(counter.counts, windowBefore))
        recordedPartials.push(sizes.putRecordEntries.length - partialsBefore)
      }
    }
  }

  const medians = options.batchSizes.map((size) => [size, median(msBySize.get(size) ?? [])] as const)
  const { fixedMs, msPerRecord } = fitLine(medians)
  const invocationMeans = meanCounts(perInvocation)
  const finalMeans = meanCounts(perFinal)
  const windowMeans = meanCounts(perWindow)
  const medianFinalMs = median(finalMs)
  const entries = sizes.putRecordEntries.slice(entriesBefore)
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0)
  const lake = (sizes.s3Puts.get('lake') ?? []).slice(lakeBefore)
  const copyRows = sizes.jsonCopies.rows - copiesBefore.rows
  return {
    campaigns: options.campaigns,
    fixedMs: Math.max(0, fixedMs),
    msPerRecord,
    finalExtraMs: Math.max(0, medianFinalMs - Math.max(0, fixedMs)),
    statePutsPerInvocation: invocationMeans['state PUT'] ?? 0,
    statePutsPerWindow: finalMeans['state PUT'] ?? 0,
    stateListsPerWindow: windowMeans['state LIST'] ?? 0,
    stateGetsPerWindow: windowMeans['state GET'] ?? 0,
    lakePutsPerInvocation: invocationMeans['lake PUT'] ?? 0,
    lakeBytesPerEvent: sum(lake) / Math.max(1, measuredRecords),
    jsonCopyRowsPerEvent: copyRows / Math.max(1, measuredRecords),
    jsonCopyRowBytes: (sizes.jsonCopies.bytes - copiesBefore.bytes) / Math.max(1, copyRows),
    partialsPutRecordsPerWindow: windowMeans.PutRecords ?? 0,
    partialsRecordsPerWindow: median(recordedPartials),
    partialsRecordBytes: entries.length > 0 ? sum(entries) / entries.length : 0,
    maxPartialsRecordBytes: entries.length > 0 ? Math.max(...entries) : 0,
    meanRecordBytes: Math.round(recordBytes / Math.max(1, records)),
    medianMsByBatchSize: Object.fromEntries(medians.map(([size, ms]) => [String(size), Number(ms.toFixed(2))])),
    medianFinalMs: Number(medianFinalMs.toFixed(2)),
    requestsPerInvocation: invocationMeans,
    requestsPerFinalInvoke: finalMeans,
    requestsPerWindow: windowMeans,
    partialsRecordsByWindow: byWindow,
  }
}

/** Least-squares line through (records, ms): the fixed cost of an invocation and the cost per record. */
export function fitLine(points: ReadonlyArray<readonly [number, number]>): { fixedMs: number; msPerRecord: number } {
  if (points.length === 1) {
    const [x, y] = points[0] as readonly [number, number]
    return { fixedMs: 0, msPerRecord: y / x }
  }
  const n = points.length
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0)
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  const msPerRecord = sxx === 0 ? 0 : sxy / sxx
  // Noise on a tiny sample can tilt the line backwards: fall back to a cost proportional to records.
  if (msPerRecord <= 0) return { fixedMs: 0, msPerRecord: points.reduce((s, [x, y]) => s + y / x, 0) / n }
  return { fixedMs: my - msPerRecord * mx, msPerRecord }
}
