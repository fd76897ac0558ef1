import {
  InMemoryStateBackend,
  planWindowInvocation,
  runWindowInvocation,
  type Json,
  type PartialAccumulator,
  type PartialAccumulators,
  type WindowJob,
} from '@sdp/aggregation-engine'
import { windowEvent } from '../../../test-support/kinesisWindowEvent.js'

/** Where Lambda cuts the stream: per record, 0 starts a new Lambda window, 1 a new batch, else the same batch. */
export type Cuts = readonly number[]

/**
 * Runs `values` through the Lambda adapter as Lambda would: cut into Lambda windows and batches at
 * `cuts`, every invocation reading the state backend afresh (a cold container), each batch delivered
 * twice when `twice` (the first run's outputs written, then overwritten by the second's). Returns
 * what a results store would hold: partials by id, and the emitted results and late events of the
 * responses Lambda kept. `partitionKey` is the producer's (a join's key must be it).
 */
export function driveWindows<E, R>(
  job: WindowJob<E, R>,
  values: readonly unknown[],
  cuts: Cuts,
  twice = false,
  partitionKey: (value: unknown) => string = () => 'k',
) {
  const windows: Array<Array<Array<{ n: number; value: unknown }>>> = [[[]]]
  values.forEach((value, i) => {
    const cut = cuts[i % cuts.length] ?? 2
    const w = windows[windows.length - 1]!
    if (i > 0 && cut === 0) windows.push([[{ n: i + 1, value }]])
    else if (i > 0 && cut === 1) w.push([{ n: i + 1, value }])
    else w[w.length - 1]!.push({ n: i + 1, value })
  })
  const backend = new InMemoryStateBackend()
  const partials = new Map<string, PartialAccumulator>()
  const emitted: R[] = []
  const late: E[] = []
  let deadLetters = 0
  for (const batches of windows) {
    let state: Record<string, unknown> = {}
    for (const [batch, final] of [...batches.map((b) => [b, false] as const), [[], true] as const]) {
      for (let run = twice ? 2 : 1; run > 0; run--) {
        const event = windowEvent(batch, state, final, partitionKey)
        const plan = planWindowInvocation(event, job)
        const result = runWindowInvocation(event, job, backend.read(plan.shardId, plan.stateKeys, plan.firstSequenceNumber))
        backend.write(result.segment)
        for (const p of result.partials) partials.set(`${p.id}|${String(p.key)}|${p.window.start}|${p.window.end}`, p)
        if (run > 1) continue
        emitted.push(...result.emitted)
        late.push(...result.late)
        deadLetters += result.deadLetters.length
        state = result.response.state
      }
    }
  }
  return { partials: [...partials.values()], emitted, late, deadLetters }
}

/** Partials merged per (key, window) with the job's own merge, read as values. */
export function mergedValues(job: { readonly accumulators: PartialAccumulators }, partials: readonly PartialAccumulator[]): Map<string, unknown> {
  const accs = new Map<string, Json>()
  for (const p of partials) {
    const k = `${String(p.key)}|${p.window.start}|${p.window.end}`
    const before = accs.get(k)
    accs.set(k, before === undefined ? p.accumulator : job.accumulators.merge(before, p.accumulator))
  }
  return new Map([...accs].map(([k, acc]) => [k, job.accumulators.result(acc)]))
}
