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
  const source = new TransactionRecords(options.campaigns)
  const tally: WindowTally = {
    msBySize: new Map(),
    finalMs: [],
    perInvocation: [],
    perFinal: [],
    perWindow: [],
    recordedPartials: [],
    byWindow: [],
    measuredRecords: 0,
  }
  const before: SizesBefore = { entries: sizes.putRecordEntries.length, lake: sizes.s3Puts.get('lake')?.length ?? 0, copies: { ...sizes.jsonCopies } }
  let windowStart = Math.floor(BASE_TS / WINDOW_MS) * WINDOW_MS
  for (const size of options.batchSizes) {
    for (let w = 0; w <= options.windows; w++) {
      // window 0 warms up
      await runWindow({ handler, counter, source, options, tally }, size, windowStart, w > 0)
      windowStart += WINDOW_MS
    }
  }
  return summarize(options, counter, source, tally, before)
}

/**
 * New ad-tech transactions as Kinesis records with ascending sequence numbers. A window's
 * transactions spread over its minute, so consecutive windows fill consecutive periods (and hour
 * items grow).
 */
class TransactionRecords {
  tx = 0
  recordBytes = 0
  records = 0
  private sequence = FIRST_SEQUENCE
  private txInWindow = 0
  private windowTs = BASE_TS
  private txPerWindow = 1

  constructor(private readonly campaigns: number) {}

  /** Starts a window at `windowTs` that will hold about `txPerWindow` transactions. */
  startWindow(windowTs: number, txPerWindow: number): void {
    this.windowTs = windowTs
    this.txInWindow = 0
    this.txPerWindow = txPerWindow
  }

  /** The next `n` records (a transaction may be cut at the end of a batch). */
  batch(n: number): KinesisWindowEvent['Records'] {
    const out: Array<KinesisWindowEvent['Records'][number]> = []
    while (out.length < n) {
      const ts = this.windowTs + Math.floor((this.txInWindow++ * (WINDOW_MS - 1_000)) / this.txPerWindow)
      for (const e of adTechTransaction(this.tx, ts, this.campaigns, 12)) {
        if (out.length === n) break
        const data = JSON.stringify(e)
        this.recordBytes += data.length + e.tx_id.length
        this.records++
        out.push({
          kinesis: {
            partitionKey: e.tx_id,
            sequenceNumber: String(this.sequence++),
            data: Buffer.from(data).toString('base64'),
            approximateArrivalTimestamp: (ts + 50) / 1000,
          },
        })
      }
      this.tx++
    }
    return out
  }
}

/** What the recorded (not warm-up) windows measured. */
interface WindowTally {
  readonly msBySize: Map<number, number[]>
  readonly finalMs: number[]
  readonly perInvocation: Counts[]
  readonly perFinal: Counts[]
  readonly perWindow: Counts[]
  readonly recordedPartials: number[]
  /** Every window, warm-up included. */
  readonly byWindow: Array<{ records: number; end: number; transactions: number }>
  measuredRecords: number
}

/** The request counter's sizes before the run, so only the run's own are measured. */
interface SizesBefore {
  readonly entries: number
  readonly lake: number
  readonly copies: { readonly rows: number; readonly bytes: number }
}

interface WindowRun {
  readonly handler: ReturnType<typeof createReportingWindowHandler>
  readonly counter: RequestCounter
  readonly source: TransactionRecords
  readonly options: MeasureOptions
  readonly tally: WindowTally
}

/** One Lambda window from `start`: its invocations of `size` records each, carrying `state`, then its final invoke. */
async function runWindow({ handler, counter, source, options, tally }: WindowRun, size: number, start: number, recorded: boolean): Promise<void> {
  const sizes = counter.sizes
  const window = { start: new Date(start).toISOString(), end: new Date(start + WINDOW_MS).toISOString() }
  let state: KinesisWindowEvent['state'] = {}
  source.startWindow(start, Math.ceil((size * options.invocationsPerWindow) / 2))
  const windowBefore = counter.snapshot()
  const partialsBefore = sizes.putRecordEntries.length
  const txBefore = source.tx
  for (let i = 0; i < options.invocationsPerWindow; i++) {
    const event: KinesisWindowEvent = {
      Records: source.batch(size),
      window,
      state,
      shardId: SHARD,
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    }
    const before = counter.snapshot()
    const t0 = performance.now()
    const response = await handler(event)
    const ms = performance.now() - t0
    state = response.state ?? {}
    tally.measuredRecords += size
    if (recorded) {
      tally.msBySize.set(size, [...(tally.msBySize.get(size) ?? []), ms])
      tally.perInvocation.push(diff(counter.counts, before))
    }
  }
  const before = counter.snapshot()
  const t0 = performance.now()
  await handler({ Records: [], window, state, shardId: SHARD, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false })
  const ms = performance.now() - t0
  tally.byWindow.push({ records: sizes.putRecordEntries.length - partialsBefore, end: start + WINDOW_MS, transactions: source.tx - txBefore })
  if (recorded) {
    tally.finalMs.push(ms)
    tally.perFinal.push(diff(counter.counts, before))
    tally.perWindow.push(diff(counter.counts, windowBefore))
    tally.recordedPartials.push(sizes.putRecordEntries.length - partialsBefore)
  }
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0)

function summarize(
  options: MeasureOptions,
  counter: RequestCounter,
  source: TransactionRecords,
  tally: WindowTally,
  before: SizesBefore,
): WindowHandlerMeasurement {
  const sizes = counter.sizes
  const medians = options.batchSizes.map((size) => [size, median(tally.msBySize.get(size) ?? [])] as const)
  const { fixedMs, msPerRecord } = fitLine(medians)
  const invocationMeans = meanCounts(tally.perInvocation)
  const finalMeans = meanCounts(tally.perFinal)
  const windowMeans = meanCounts(tally.perWindow)
  const medianFinalMs = median(tally.finalMs)
  const entries = sizes.putRecordEntries.slice(before.entries)
  const lake = (sizes.s3Puts.get('lake') ?? []).slice(before.lake)
  const copyRows = sizes.jsonCopies.rows - before.copies.rows
  const measuredRecords = Math.max(1, tally.measuredRecords)
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
    lakeBytesPerEvent: sum(lake) / measuredRecords,
    jsonCopyRowsPerEvent: copyRows / measuredRecords,
    jsonCopyRowBytes: (sizes.jsonCopies.bytes - before.copies.bytes) / Math.max(1, copyRows),
    partialsPutRecordsPerWindow: windowMeans.PutRecords ?? 0,
    partialsRecordsPerWindow: median(tally.recordedPartials),
    partialsRecordBytes: entries.length > 0 ? sum(entries) / entries.length : 0,
    maxPartialsRecordBytes: entries.length > 0 ? Math.max(...entries) : 0,
    meanRecordBytes: Math.round(source.recordBytes / Math.max(1, source.records)),
    medianMsByBatchSize: Object.fromEntries(medians.map(([size, ms]) => [String(size), Number(ms.toFixed(2))])),
    medianFinalMs: Number(medianFinalMs.toFixed(2)),
    requestsPerInvocation: invocationMeans,
    requestsPerFinalInvoke: finalMeans,
    requestsPerWindow: windowMeans,
    partialsRecordsByWindow: tally.byWindow,
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
