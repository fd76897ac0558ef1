// Engine benchmarks: the ad-tech job through the Lambda adapter against the same counting written
// by hand (the target) and the decode+parse floor, and the bytes of Lambda state per (campaign, period) key.
import {
  decodeRecordData,
  planWindowInvocation,
  runWindowInvocation,
  type JobInstance,
  type Json,
  type KinesisWindowEvent,
  type WindowJob,
} from '@sdp/aggregation-engine'
import { adTechJob, DEFAULT_REPORTING_CONFIG } from '@sdp/reporting'
import { median, timeAlternating, type AlternatingStep } from '../harness/measure.js'
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'
import { adTechTransaction, type AdTechEvent } from './engine/adTechTransaction.js'
import { handWrittenCounts } from './engine/handWrittenCounts.js'

const BASE_TS = Date.parse('2026-11-28T02:04:00Z')

/**
 * How a batch's records are ordered: `grouped` puts each transaction's bid, impression and click
 * next to each other; `eventTime` orders them by event time, as producers send them, so an
 * impression follows its bid by about 10 records and a click by about 200.
 */
export type BatchOrder = 'grouped' | 'eventTime'

/** A Lambda-shaped batch of `n` records: ~50 % bids, 30 % impressions, 20 % clicks of the same transactions. */
export function adTechBatch(n: number, campaigns = 500, order: BatchOrder = 'grouped'): KinesisWindowEvent {
  const events: AdTechEvent[] = []
  // In event-time order the batch ends before the clicks of its last transactions, which belong to the next one.
  const wanted = order === 'grouped' ? n : n + 400
  for (let tx = 0; events.length < wanted; tx++) events.push(...adTechTransaction(tx, BASE_TS + tx * 7, campaigns))
  if (order === 'eventTime') events.sort((a, b) => a.ts - b.ts)
  const records = events.slice(0, n).map((e, i) => ({
    kinesis: {
      partitionKey: e.tx_id,
      sequenceNumber: `49590338271490256608559692538361571095921575989136${String(i).padStart(6, '0')}`,
      data: Buffer.from(JSON.stringify(e)).toString('base64'),
      approximateArrivalTimestamp: e.ts / 1000,
    },
  }))
  return {
    Records: records,
    window: { start: '2026-11-28T02:04:00Z', end: '2026-11-28T02:05:00Z' },
    state: {},
    shardId: 'shardId-000000000000',
    isFinalInvokeForWindow: true,
    isWindowTerminatedEarly: false,
  }
}

/**
 * The job's parse (the same guard) and state keys with an instance that does nothing: what plan,
 * read and the adapter cost on their own, the most any job run through them can reach.
 */
export function parseOnlyJob<E, R>(job: WindowJob<E, R>): WindowJob<E, R> {
  const idle: JobInstance<E, R> = {
    process: () => undefined,
    heartbeat: () => undefined,
    estimatedBytes: () => 0,
    flush: () => [],
    takeOutputs: () => ({ emitted: [], late: [] }),
    snapshot: () => null,
    carry: () => null,
    counters: () => ({}),
  }
  return {
    name: `${job.name}-parse-only`,
    version: job.version,
    parse: (value, key) => job.parse(value, key),
    stateKeys: job.stateKeys?.bind(job),
    open: () => idle,
  }
}

/** Collects a bit of every step's result, so the timed work stays observable. */
class Sink {
  value = 0
}

/** The floor decodes as the adapter does (decodeRecordData), so a faster decoder is no credit to the job. */
function floorStep(copy: () => KinesisWindowEvent, sink: Sink): AlternatingStep<KinesisWindowEvent> {
  return {
    prepare: copy,
    run: (event) => {
      for (const r of event.Records) sink.value += (JSON.parse(decodeRecordData(r.kinesis.data) as string) as { ts: number }).ts & 1
    },
  }
}

/** The floor as the idiomatic Buffer decode gives it (the engine's floor until decodeRecordData). */
function bufferFloorStep(copy: () => KinesisWindowEvent, sink: Sink): AlternatingStep<KinesisWindowEvent> {
  return {
    prepare: copy,
    run: (event) => {
      for (const r of event.Records) sink.value += (JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')) as { ts: number }).ts & 1
    },
  }
}

/** A job's step as the window handler runs it: plan the keys, read their values, run the adapter. */
function jobStep(
  copy: () => KinesisWindowEvent,
  job: WindowJob<unknown, unknown>,
  read: (keys: Iterable<string>) => Map<string, Json>,
  sink: Sink,
): AlternatingStep<KinesisWindowEvent> {
  return {
    prepare: copy,
    run: (event) => (sink.value += runWindowInvocation(event, job, read(planWindowInvocation(event, job).stateKeys)).counters.events ?? 0),
  }
}

/** The hand-written loop keeps its index in one Map, starting from the same earlier transactions. */
function handStep(
  copy: () => KinesisWindowEvent,
  earlier: readonly [string, (number | null)[]][],
  sink: Sink,
): AlternatingStep<{ event: KinesisWindowEvent; index: Map<string, (number | null)[]> }> {
  return {
    prepare: () => ({ event: copy(), index: new Map(earlier) }),
    run: ({ event, index }) => (sink.value += handWrittenCounts(event, DEFAULT_REPORTING_CONFIG.periodMs, index).counts.size),
  }
}

/**
 * Every round gets its own copy of the event, parsed from JSON as the Lambda runtime hands it
 * over: strings reused across rounds would carry hashes computed in an earlier round.
 */
function copyOf(event: KinesisWindowEvent): () => KinesisWindowEvent {
  const json = JSON.stringify(event)
  return () => JSON.parse(json) as KinesisWindowEvent
}

/**
 * The shard's join index as a warm container holds it: 50,000 entries of earlier transactions.
 * The job's step does what the window handler does: plan the batch's keys, copy their values out
 * of the index (SegmentStateBackend.read), run the adapter.
 */
function warmJoinIndex(): { earlier: [string, (number | null)[]][]; read: (keys: Iterable<string>) => Map<string, Json> } {
  const earlier = Array.from({ length: 50_000 }, (_, i): [string, (number | null)[]] => [
    `earlier-${i}-4f7c-8443-9d2a1e725473`,
    [1_000_000 + (i % 500), BASE_TS - 60_000, null, null, null],
  ])
  const warm = new Map(earlier.map(([k, v]) => [k, { v: v, at: BASE_TS }]))
  const read = (keys: Iterable<string>) => {
    const out = new Map<string, Json>()
    for (const k of keys) {
      const e = warm.get(k)
      if (e) out.set(k, e.v)
    }
    return out
  }
  return { earlier, read }
}

/** State bytes: 5,000 campaigns x 10 one-minute periods held open in the Lambda state. */
function stateBytesResult(batch: KinesisWindowEvent, job: ReturnType<typeof adTechJob>): Awaited<ReturnType<BenchmarkSuite['run']>>[number] {
  const keyed: KinesisWindowEvent['Records'][number][] = []
  for (let p = 0; p < 10; p++) {
    for (let c = 0; c < 5000; c++) {
      const e = { type: 'bid', tx_id: `k-${p}-${c}`, app_uid: 'u', campaign_item_id: 1_000_000 + c * 7, ts: BASE_TS + p * 60_000 }
      keyed.push({
        kinesis: {
          partitionKey: e.tx_id,
          sequenceNumber: String(1e12 + keyed.length),
          data: Buffer.from(JSON.stringify(e)).toString('base64'),
          approximateArrivalTimestamp: BASE_TS / 1000,
        },
      })
    }
  }
  const open = runWindowInvocation({ ...batch, Records: keyed, isFinalInvokeForWindow: false }, job, new Map(), { stateBudgetBytes: 10_000_000 })
  const bytesPerKey = open.stateBytes / 50_000
  return {
    name: 'engine-state-bytes',
    description: 'Serialized Lambda state per open (campaign, period) key, 5,000 campaigns x 10 one-minute periods',
    metrics: { stateBytes: open.stateBytes, keys: 50_000, bytesPerKey: Number(bytesPerKey.toFixed(2)) },
    targets: [target('bytesPerKey', bytesPerKey, '<=', 20)],
  }
}

export const engineSuite: BenchmarkSuite = {
  name: 'engine',
  // eslint-disable-next-line @typescript-eslint/require-await -- the suite interface is async; this suite measures synchronous code
  async run({ quick }): ReturnType<BenchmarkSuite['run']> {
    const runs = quick ? 3 : 31
    const warmup = quick ? 1 : 10
    const batch = adTechBatch(10_000)
    const job = adTechJob(DEFAULT_REPORTING_CONFIG)
    const parseOnly = parseOnlyJob(job)
    const { earlier, read } = warmJoinIndex()
    const sink = new Sink()
    const floor = (copy: () => KinesisWindowEvent) => floorStep(copy, sink)
    const through = (copy: () => KinesisWindowEvent, j: WindowJob<unknown, unknown>) => jobStep(copy, j, read, sink)
    const hand = (copy: () => KinesisWindowEvent) => handStep(copy, earlier, sink)
    const copy = copyOf(batch)
    const copyInEventTime = copyOf(adTechBatch(10_000, 500, 'eventTime'))
    const [floorMs = [], jobMs = [], handMs = [], parseOnlyMs = [], bufferFloorMs = [], eventTimeFloorMs = [], eventTimeJobMs = [], eventTimeHandMs = []] =
      timeAlternating(
        [
          floor(copy),
          through(copy, job),
          hand(copy),
          through(copy, parseOnly),
          bufferFloorStep(copy, sink),
          floor(copyInEventTime),
          through(copyInEventTime, job),
          hand(copyInEventTime),
        ],
        runs,
        warmup,
      )
    const rps = (ms: number[]) => 10_000 / (median(ms) / 1000)
    const floorRps = rps(floorMs)
    const jobRps = rps(jobMs)
    const ratio = jobRps / floorRps
    const handRps = rps(handMs)
    const parseOnlyRps = rps(parseOnlyMs)
    const bufferFloorRps = rps(bufferFloorMs)
    const eventTimeFloorRps = rps(eventTimeFloorMs)
    const eventTimeJobRps = rps(eventTimeJobMs)
    const eventTimeHandRps = rps(eventTimeHandMs)
    // The target compares the job with the same counting written by hand, timed in the same
    // rounds: both pay the decode, so the ratio shows what the engine's abstractions cost and
    // moves far less with the machine's load than a ratio to the bare decode does.
    const ratioToHand = jobRps / handRps

    if (sink.value === -1) console.log(sink.value) // keep the work observable
    return [
      {
        name: 'engine-adtech-throughput',
        description:
          "Ad-tech job (tx_id join + per-campaign tumbling counts) through the pure Lambda adapter on a 10,000-record batch as the window handler runs it (plan, the values of its keys copied out of a warm join index of 50,000 earlier transactions, run), against the same counting written by hand without the engine, its index starting from the same 50,000 entries, timed in the same alternating rounds (handWritten*; the target is ratioToHandWritten); each round on a freshly parsed copy of the event. For scale: the decode+parse floor, base64-decode (decodeRecordData, as the adapter decodes) + JSON.parse of the same records (floor*, ratioToFloor), and plan, read and adapter with a job that only parses, with the same guard, and does nothing else (parseOnly*: the most any job can reach through them); bufferFloor*: the floor decoding with Buffer.from(data, 'base64').toString('utf8') instead. The batch puts each transaction's bid, impression and click next to each other; eventTime*: floor, job and hand-written loop on a batch of the same mix in event-time order, as producers send it (an impression about 10 records after its bid, a click about 200)",
        metrics: {
          jobRecordsPerSecond: Math.round(jobRps),
          floorRecordsPerSecond: Math.round(floorRps),
          ratioToFloor: Number(ratio.toFixed(3)),
          medianJobMs: Number(median(jobMs).toFixed(2)),
          medianFloorMs: Number(median(floorMs).toFixed(2)),
          handWrittenRecordsPerSecond: Math.round(handRps),
          handWrittenRatioToFloor: Number((handRps / floorRps).toFixed(3)),
          parseOnlyRatioToFloor: Number((parseOnlyRps / floorRps).toFixed(3)),
          bufferFloorRecordsPerSecond: Math.round(bufferFloorRps),
          ratioToBufferFloor: Number((jobRps / bufferFloorRps).toFixed(3)),
          eventTimeJobRecordsPerSecond: Math.round(eventTimeJobRps),
          eventTimeRatioToFloor: Number((eventTimeJobRps / eventTimeFloorRps).toFixed(3)),
          eventTimeHandWrittenRatioToFloor: Number((eventTimeHandRps / eventTimeFloorRps).toFixed(3)),
          ratioToHandWritten: Number(ratioToHand.toFixed(3)),
          eventTimeRatioToHandWritten: Number((eventTimeJobRps / eventTimeHandRps).toFixed(3)),
        },
        targets: [target('ratioToHandWritten', ratioToHand, '>=', 0.7)],
        details: { runs, warmup, records: 10_000, mix: '50% bids, 30% impressions, 20% clicks' },
      },
      stateBytesResult(batch, job),
    ]
  },
}
