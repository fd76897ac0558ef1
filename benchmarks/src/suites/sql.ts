// SQL benchmark: a compiled query through the Lambda adapter against the same job written by hand
// with the library, timed in the same alternating rounds.
import {
  count,
  defineWindowJob,
  planWindowInvocation,
  runWindowInvocation,
  tumblingWindows,
  type DefinedWindowJob,
  type Json,
  type KinesisWindowEvent,
  type ParseResult,
  type WindowJob,
} from '@sdp/aggregation-engine'
import { compileQuery } from '@sdp/sql'
import { median, timeAlternating, type AlternatingStep } from '../harness/measure.js'
import { target, type BenchmarkSuite } from '../harness/BenchmarkResult.js'
import { adTechBatch } from './engine.js'

const QUERY = `SELECT campaign_item_id, window_start, COUNT(*) AS bids
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, campaign_item_id`

interface Bid {
  readonly type: 'bid'
  readonly tx_id: string
  readonly campaign_item_id: number
  readonly ts: number
}

/** The query by hand: bids per campaign per minute, other events only move time. */
const bidsPerMinute = defineWindowJob({
  name: 'hand-bids-per-minute',
  version: 1,
  parse: (value): ParseResult<Bid> => {
    const v = value as Partial<Bid> & { type?: string }
    if (typeof v.ts !== 'number') return { kind: 'invalid', reason: 'ts must be a number' }
    if (v.type === 'bid' && typeof v.tx_id === 'string' && typeof v.campaign_item_id === 'number') return { kind: 'event', event: v as Bid }
    return { kind: 'heartbeat', ts: v.ts }
  },
  timestamp: (bid) => bid.ts,
  watermark: { bound: 5_000 },
  key: (bid) => bid.campaign_item_id,
  assigner: tumblingWindows({ size: 60_000 }),
  aggregate: count(),
  allowedLateness: 86_400_000,
})

/** Each (type, tx_id) once, by hand: the seen events of a transaction in its keyed state, as the compiled job keeps them. */
function handDeduplicated(job: DefinedWindowJob<Bid, unknown>): WindowJob<Bid, unknown> {
  return {
    ...job,
    stateKeys: (pk) => [`seen:${pk}`],
    open(args) {
      const inner = job.open(args)
      return {
        ...inner,
        process(bid, record) {
          const key = `seen:${record.partitionKey}`
          const seen = (args.state.get(key) as string[] | undefined) ?? []
          if (seen.includes(bid.type)) return
          args.state.set(key, [...seen, bid.type])
          inner.process(bid, record)
        },
        heartbeat: (ts) => inner.heartbeat(ts),
        estimatedBytes: () => inner.estimatedBytes(),
        flush: () => inner.flush(),
        takeOutputs: () => inner.takeOutputs(),
        snapshot: () => inner.snapshot(),
        carry: () => inner.carry(),
        counters: () => inner.counters(),
      }
    },
  }
}

export const sqlSuite: BenchmarkSuite = {
  name: 'sql',
  // eslint-disable-next-line @typescript-eslint/require-await -- the suite interface is async; this suite measures synchronous code
  async run({ quick }): ReturnType<BenchmarkSuite['run']> {
    const runs = quick ? 3 : 31
    const warmup = quick ? 1 : 10
    const compiled = compileQuery(QUERY).job as WindowJob<unknown, unknown>
    const hand = handDeduplicated(bidsPerMinute) as WindowJob<unknown, unknown>
    const json = JSON.stringify(adTechBatch(10_000))
    let sink = 0
    const through = (job: WindowJob<unknown, unknown>): AlternatingStep<KinesisWindowEvent> => ({
      prepare: () => JSON.parse(json) as KinesisWindowEvent,
      run: (event) => {
        planWindowInvocation(event, job)
        sink += runWindowInvocation(event, job, new Map<string, Json>()).partials.length
      },
    })
    // The two must answer alike, or the comparison means nothing.
    const answer = (job: WindowJob<unknown, unknown>) =>
      JSON.stringify(
        runWindowInvocation(JSON.parse(json) as KinesisWindowEvent, job, new Map<string, Json>())
          .partials.map((p) => [p.key, p.window.start, p.accumulator])
          .sort(),
      )
    const compiledAnswer = answer(compiled)
    if (compiledAnswer === '[]' || compiledAnswer !== answer(hand)) throw new Error('the compiled query and the hand-written job disagree, or count nothing')
    const [compiledMs = [], handMs = []] = timeAlternating([through(compiled), through(hand)], runs, warmup)
    const rps = (ms: number[]) => 10_000 / (median(ms) / 1000)
    const ratio = rps(compiledMs) / rps(handMs)
    if (sink === -1) console.log(sink) // keep the work observable
    return [
      {
        name: 'sql-compiled-throughput',
        description: `A compiled query (${QUERY.replace(/\s+/g, ' ')}) through the pure Lambda adapter on a 10,000-record batch (50% bids, 30% impressions, 20% clicks; a fresh state backend), against the same job written by hand with defineWindowJob and the same (type, tx_id) de-duplication in keyed state, timed in the same alternating rounds; the target is ratioToHandWritten`,
        metrics: {
          compiledRecordsPerSecond: Math.round(rps(compiledMs)),
          handWrittenRecordsPerSecond: Math.round(rps(handMs)),
          ratioToHandWritten: Number(ratio.toFixed(3)),
        },
        targets: [target('ratioToHandWritten', ratio, '>=', 0.8)],
        details: { runs, warmup, records: 10_000 },
      },
    ]
  },
}
