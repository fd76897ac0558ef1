import type { Json, Key } from '../types.js'
import type { WindowResult } from '../operator/WindowOperator.js'
import type { DefinedWindowJob } from './defineWindowJob.js'
import { InMemoryStateBackend } from './InMemoryStateBackend.js'
import type { KinesisWindowEvent } from './KinesisWindowEvent.js'
import { planWindowInvocation } from './planWindowInvocation.js'
import { runWindowInvocation } from './runWindowInvocation.js'

/** Options of {@link runWindowJob}. */
export interface RunWindowJobOptions {
  /** Records per Lambda window: the stream is cut into windows this long, each ending with its final invoke. @default all in one */
  readonly recordsPerWindow?: number
}

/** One result of a job: a (key, window) and its value, as the platform's results API answers it. */
export interface WindowJobResult {
  readonly key: Key
  readonly windowStart: number
  readonly windowEnd: number
  readonly value: unknown
}

/** What {@link runWindowJob} gives back. */
export interface WindowJobRun {
  /** By key, then window start: merged partials of fixed windows, the latest firing of session windows. */
  readonly results: WindowJobResult[]
  /** Reasons of the records that became dead letters, in order. */
  readonly deadLetters: string[]
  /** How many events came behind the watermark (the `late` output). */
  readonly late: number
}

const SHARD = 'shardId-000000000000'
const seq = (n: number) => String(n).padStart(21, '0')

/**
 * Runs a job over `values` (the JSON values of one shard's records, in order) the way the platform
 * does — through the Lambda adapter in Lambda windows, its external state in memory, its partials
 * merged per (key, window) as its second stage merges them — and returns the results. For a job's
 * tests: no AWS, no platform, same answer.
 *
 * @example
 * const { results } = runWindowJob(job, [{ type: 'bid', domain: 'a.com', ts: 1_000 }, { type: 'heartbeat', ts: 120_000 }])
 */
export function runWindowJob<E, R>(job: DefinedWindowJob<E, WindowResult<R>>, values: readonly unknown[], options: RunWindowJobOptions = {}): WindowJobRun {
  const size = Math.max(1, options.recordsPerWindow ?? values.length)
  const backend = new InMemoryStateBackend()
  const merged = new Map<string, { key: Key; start: number; end: number; value: unknown; acc?: Json }>()
  const run: { deadLetters: string[]; late: number } = { deadLetters: [], late: 0 }
  for (let at = 0; at === 0 || at < values.length; at += size) {
    let state: Record<string, unknown> = {}
    const batch = values.slice(at, at + size).map((value, i) => ({ n: at + i + 1, value }))
    for (const [records, final] of [
      [batch, false],
      [[], true],
    ] as const) {
      const event = windowEvent(records, state, final)
      const plan = planWindowInvocation(event, job)
      const result = runWindowInvocation(event, job, backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber))
      backend.write(result.segment)
      for (const p of result.partials) {
        const id = `${String(p.key)}|${p.window.start}|${p.window.end}`
        const before = merged.get(id)?.acc
        const acc = before === undefined ? p.accumulator : job.accumulators.merge(before, p.accumulator)
        merged.set(id, { key: p.key, start: p.window.start, end: p.window.end, acc, value: job.accumulators.result(acc) })
      }
      for (const r of result.emitted)
        merged.set(`${String(r.key)}|${r.window.start}|${r.window.end}`, { key: r.key, start: r.window.start, end: r.window.end, value: r.value })
      run.deadLetters.push(...result.deadLetters.map((d) => d.reason))
      run.late += result.late.length
      state = result.response.state
    }
  }
  const results = [...merged.values()]
    .sort((a, b) => (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : a.start - b.start || a.end - b.end))
    .map(({ key, start, end, value }) => ({ key, windowStart: start, windowEnd: end, value }))
  return { results, ...run }
}

function windowEvent(records: ReadonlyArray<{ n: number; value: unknown }>, state: Record<string, unknown>, final: boolean): KinesisWindowEvent {
  return {
    Records: records.map(({ n, value }) => ({
      kinesis: {
        partitionKey: 'k',
        sequenceNumber: seq(n),
        data: Buffer.from(JSON.stringify(value)).toString('base64'),
        approximateArrivalTimestamp: n / 1000,
      },
    })),
    window: { start: '1970-01-01T00:00:00Z', end: '1970-01-01T00:00:01Z' },
    state,
    shardId: SHARD,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  }
}
