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

const SHARD = 'shardId-000000000000'
const seq = (n: number) => `49590338271490256608559692538361571095921575989136${String(n).padStart(10, '0')}`

function windowEvent(values: ReadonlyArray<{ n: number; value: Record<string, unknown> }>, state: Record<string, unknown>, final: boolean): KinesisWindowEvent {
  return {
    Records: values.map(({ n, value }) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        // As ingest writes them: the transaction is the partition key.
        partitionKey: typeof value.tx_id === 'string' ? value.tx_id : 'heartbeat',
        sequenceNumber: seq(n),
        data: Buffer.from(JSON.stringify(value)).toString('base64'),
        approximateArrivalTimestamp: 1_700_000_000 + n / 1000,
      },
      eventSource: 'aws:kinesis',
      eventID: `${SHARD}:${seq(n)}`,
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/sdp-events',
    })),
    window: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:00:05Z' },
    state,
    shardId: SHARD,
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/sdp-events',
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  }
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
      const result = invoke(query, backend, windowEvent(records, state, final), options.replay === true)
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
