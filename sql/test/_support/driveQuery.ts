import {
  InMemoryStateBackend,
  planWindowInvocation,
  runWindowInvocation,
  type Json,
  type Key,
  type KinesisWindowEvent,
  type PartialAccumulator,
  type WindowInvocationResult,
  type WindowResult,
} from '@sdp/aggregation-engine'
import type { CompiledQuery, SqlRow } from '../../src/index.js'
import { windowEvent } from '../../../test-support/kinesisWindowEvent.js'

/** As ingest writes them: the transaction is the partition key. */
const partitionKey = (value: unknown): string => {
  const tx = (value as Record<string, unknown>).tx_id
  return typeof tx === 'string' ? tx : 'heartbeat'
}

/**
 * One invocation against the backend; with `replay`, run again from the same input as Lambda
 * retries it, which must rewrite the same segment and partials (the retry's are the ones kept).
 */
function invoke(
  query: CompiledQuery,
  backend: InMemoryStateBackend,
  event: KinesisWindowEvent,
  replay: boolean,
): WindowInvocationResult<unknown, WindowResult<unknown>> {
  const run = () => {
    const plan = planWindowInvocation(event, query.job)
    const result = runWindowInvocation(event, query.job, backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber))
    backend.write(result.segment)
    return result
  }
  const first = run()
  if (!replay) return first
  const again = run()
  const same = (r: typeof first) => JSON.stringify([r.segment, r.partials, r.response, r.emitted, r.late.length])
  if (same(first) !== same(again)) throw new Error(`a replayed invocation differs from the first run:\n${same(first)}\n${same(again)}`)
  return again
}

/**
 * Runs events through a compiled query's job in the Lambda adapter, cut into Lambda windows
 * (every `windowEvery` records) with every invocation reading the state backend afresh, then reads
 * the query's rows: fixed windows from their merged partials, sessions from the emitted results,
 * ranked when the query is a window Top-N. With `replay` every invocation runs twice, as a retry.
 */
export function driveQuery(
  query: CompiledQuery,
  values: ReadonlyArray<Record<string, unknown>>,
  windowEvery: number,
  options: { readonly replay?: boolean } = {},
): { rows: SqlRow[]; late: number } {
  const backend = new InMemoryStateBackend()
  const partials = new Map<string, PartialAccumulator>()
  const emitted: Array<WindowResult<unknown>> = []
  let late = 0
  for (let from = 0; from < values.length; from += windowEvery) {
    const batch = values.slice(from, from + windowEvery).map((value, i) => ({ n: from + i + 1, value }))
    let state: Record<string, unknown> = {}
    for (const [records, final] of [
      [batch, false],
      [[], true],
    ] as const) {
      const result = invoke(query, backend, windowEvent(records, state, final, partitionKey), options.replay === true)
      for (const p of result.partials) partials.set(`${p.id}|${String(p.key)}|${p.window.start}|${p.window.end}`, p)
      emitted.push(...result.emitted)
      late += result.late.length
      state = result.response.state
    }
  }
  const merged = new Map<string, { key: Key; window: { start: number; end: number }; acc: Json }>()
  for (const p of partials.values()) {
    const k = `${String(p.key)}|${p.window.start}|${p.window.end}`
    const before = merged.get(k)
    merged.set(k, { key: p.key, window: p.window, acc: before === undefined ? p.accumulator : query.job.accumulators.merge(before.acc, p.accumulator) })
  }
  const fixed = [...merged.values()].map((m) => query.row(m.key, m.window, query.job.accumulators.result(m.acc)))
  const sessions = emitted.map((r) => query.row(r.key, r.window, r.value))
  return { rows: query.rank([...fixed, ...sessions].filter((r): r is SqlRow => r !== undefined)), late }
}
