// Times the reporting window handler (createReportingWindowHandler, the Lambda's code) on ad-tech
// batches against in-process kinesalite, dynalite and s3rver, and counts the S3 and DynamoDB
// requests it makes per invocation: the measured half of the cost model.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KinesisWindowEvent } from '@sdp/aggregation-engine'
import { startLocalServices } from '@sdp/infra'
import { createReportingWindowHandler, DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { median } from '../../harness/measure.js'
import { adTechTransaction } from '../engine/adTechTransaction.js'
import type { HandlerMeasurement } from './costModel.js'

const SHARD = 'shardId-000000000000'
const FIRST_SEQUENCE = 49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_000_000n
const BASE_TS = Date.parse('2026-11-28T02:00:00Z')

/** Request counts by kind (`state PUT`, `lake PUT`, `ddb UpdateItem`…). */
type Counts = Map<string, number>

/** Options of {@link measureWindowHandler}. */
export interface MeasureOptions {
  /** Records per invocation to time; the fit of fixed and per-record cost uses all of them. */
  readonly batchSizes: readonly number[]
  /** Lambda windows timed per batch size (after one warm-up window). */
  readonly windows: number
  /** Invocations with records per window (then one final invoke). */
  readonly invocationsPerWindow: number
  /** Campaigns the transactions are spread over. */
  readonly campaigns: number
}

/** The measurement and its raw numbers. */
export interface WindowHandlerMeasurement extends HandlerMeasurement {
  readonly medianMsByBatchSize: Readonly<Record<string, number>>
  readonly medianFinalMs: number
  readonly requestsPerInvocation: Readonly<Record<string, number>>
  readonly requestsPerFinalInvoke: Readonly<Record<string, number>>
  /** Everything a window made: its invocations and its final invoke. */
  readonly requestsPerWindow: Readonly<Record<string, number>>
  readonly partialsPerFinalInvoke: number
  readonly meanRecordBytes: number
}

/**
 * Runs Lambda windows of `invocationsPerWindow` invocations of each batch size, then a final
 * invoke, through the real handler with its real clients, carrying Lambda's `state` as the event
 * source mapping does. Every invocation sees new transactions (≈ 2 events each: a bid, 60 % with
 * an impression, 40 % with a click) and new sequence numbers.
 */
export async function measureWindowHandler(options: MeasureOptions): Promise<WindowHandlerMeasurement> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sdp-bench-cost-'))
  const services = await startLocalServices({ dataDir, inMemory: true })
  try {
    const bucket = 'sdp-lake'
    const partialsStream = 'bench-partials'
    await services.ensureResources({ streamName: 'bench-events', shardCount: 1, buckets: [bucket] })
    await services.ensureResources({ streamName: partialsStream, shardCount: 1 })
    const counts: Counts = new Map()
    const partialBytes: number[] = []
    countRequests(services.s3, counts, partialBytes)
    countRequests(services.kinesis, counts, partialBytes)
    const handler = createReportingWindowHandler({ ...services, bucket, partialsStream, streamName: 'bench-events', config: DEFAULT_REPORTING_CONFIG, log: () => {} })

    let sequence = FIRST_SEQUENCE
    let tx = 0
    let recordBytes = 0
    let records = 0
    const batch = (n: number): KinesisWindowEvent['Records'] => {
      const out: Array<KinesisWindowEvent['Records'][number]> = []
      while (out.length < n) {
        const ts = BASE_TS + tx
        for (const e of adTechTransaction(tx, ts, options.campaigns, 12)) {
          if (out.length === n) break
          const data = JSON.stringify(e)
          recordBytes += data.length + e.tx_id.length
          records++
          out.push({ kinesis: { partitionKey: e.tx_id, sequenceNumber: String(sequence++), data: Buffer.from(data).toString('base64'), approximateArrivalTimestamp: (ts + 50) / 1000 } })
        }
        tx++
      }
      return out
    }

    const windowMs = 60_000
    let windowStart = Math.floor(BASE_TS / windowMs) * windowMs
    const msBySize = new Map<number, number[]>()
    const finalMs: number[] = []
    const perInvocation: Counts[] = []
    const perFinal: Counts[] = []
    const perWindow: Counts[] = []
    const partialsPerFinal: number[] = []
    for (const size of options.batchSizes) {
      for (let w = 0; w <= options.windows; w++) {
        const recorded = w > 0 // window 0 warms up
        const window = { start: new Date(windowStart).toISOString(), end: new Date(windowStart + windowMs).toISOString() }
        windowStart += windowMs
        let state: KinesisWindowEvent['state'] = {}
        const windowBefore = new Map(counts)
        for (let i = 0; i < options.invocationsPerWindow; i++) {
          const event: KinesisWindowEvent = { Records: batch(size), window, state, shardId: SHARD, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false }
          const before = new Map(counts)
          const t0 = performance.now()
          const response = await handler(event)
          const ms = performance.now() - t0
          state = response.state ?? {}
          if (recorded) {
            msBySize.set(size, [...(msBySize.get(size) ?? []), ms])
            perInvocation.push(diff(counts, before))
          }
        }
        const before = new Map(counts)
        const partialsBefore = partialBytes.length
        const t0 = performance.now()
        await handler({ Records: [], window, state, shardId: SHARD, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false })
        const ms = performance.now() - t0
        if (recorded) {
          finalMs.push(ms)
          perFinal.push(diff(counts, before))
          perWindow.push(diff(counts, windowBefore))
          partialsPerFinal.push(partialBytes.length - partialsBefore)
        }
      }
    }

    const medians = options.batchSizes.map((size) => [size, median(msBySize.get(size) ?? [])] as const)
    const { fixedMs, msPerRecord } = fitLine(medians)
    const invocationMeans = meanCounts(perInvocation)
    const finalMeans = meanCounts(perFinal)
    const windowMeans = meanCounts(perWindow)
    const medianFinalMs = median(finalMs)
    return {
      fixedMs: Math.max(0, fixedMs),
      msPerRecord,
      finalExtraMs: Math.max(0, medianFinalMs - Math.max(0, fixedMs)),
      statePutsPerInvocation: invocationMeans['state PUT'] ?? 0,
      statePutsPerWindow: finalMeans['state PUT'] ?? 0,
      stateListsPerWindow: windowMeans['state LIST'] ?? 0,
      stateGetsPerWindow: windowMeans['state GET'] ?? 0,
      lakePutsPerInvocation: invocationMeans['lake PUT'] ?? 0,
      partialBytes: partialBytes.length > 0 ? median(partialBytes) : 0,
      medianMsByBatchSize: Object.fromEntries(medians.map(([size, ms]) => [String(size), Number(ms.toFixed(2))])),
      medianFinalMs: Number(medianFinalMs.toFixed(2)),
      requestsPerInvocation: invocationMeans,
      requestsPerFinalInvoke: finalMeans,
      requestsPerWindow: windowMeans,
      partialsPerFinalInvoke: median(partialsPerFinal),
      meanRecordBytes: Math.round(recordBytes / Math.max(1, records)),
    }
  } finally {
    await services.close()
    await rm(dataDir, { recursive: true, force: true })
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

/** A client whose `middlewareStack` can count requests (any AWS SDK v3 client). */
interface CountableClient {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void }
}

/** Counts every request of `client` by kind; DynamoDB partial writes also record the partial's bytes. */
function countRequests(client: CountableClient, counts: Counts, partialBytes: number[]): void {
  const middleware = (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
    const kind = requestKind(context.commandName ?? 'unknown', args.input)
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
    if (kind === 'ddb UpdateItem') {
      const names = args.input.ExpressionAttributeNames as Record<string, string> | undefined
      const values = args.input.ExpressionAttributeValues as Record<string, { S?: string }> | undefined
      partialBytes.push((names?.['#p']?.length ?? 0) + (values?.[':acc']?.S?.length ?? 0))
    }
    return next(args)
  }
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'benchmarkRequestCounter' })
}

function requestKind(command: string, input: Record<string, unknown>): string {
  const where = String(input.Key ?? input.Prefix ?? '')
  const area = where.startsWith('state/') ? 'state' : where.startsWith('parquet/') ? 'lake' : where.startsWith('raw/') ? 'raw' : where.startsWith('errors/') ? 'errors' : 's3'
  switch (command) {
    case 'PutObjectCommand':
      return `${area} PUT`
    case 'GetObjectCommand':
      return `${area} GET`
    case 'ListObjectsCommand':
    case 'ListObjectsV2Command':
      return `${area} LIST`
    case 'DeleteObjectsCommand':
    case 'DeleteObjectCommand':
      return `${area} DELETE`
    case 'UpdateItemCommand':
      return 'ddb UpdateItem'
    default:
      return command.replace(/Command$/, '')
  }
}

function diff(after: Counts, before: Counts): Counts {
  const out: Counts = new Map()
  for (const [k, v] of after) if (v - (before.get(k) ?? 0) > 0) out.set(k, v - (before.get(k) ?? 0))
  return out
}

function meanCounts(list: readonly Counts[]): Record<string, number> {
  const sums = new Map<string, number>()
  for (const c of list) for (const [k, v] of c) sums.set(k, (sums.get(k) ?? 0) + v)
  return Object.fromEntries([...sums].sort().map(([k, v]) => [k, Number((v / Math.max(1, list.length)).toFixed(2))]))
}
