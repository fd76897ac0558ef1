import { compareSequenceNumbers, type WindowInvocationResult } from '@sdp/aggregation-engine'
import { recordRangeName, type LakeRows } from '@sdp/catalog'
import type { LakeSink } from './LakeSink.js'

/**
 * The name of what an invocation writes to the lake, from the records it covers: the batch's
 * shard and first and last sequence numbers; for a batch without records (a final invoke that
 * only flushes), the span of the flushed partials' ids with a `-flush` suffix. Undefined when
 * there is nothing to name.
 */
export function lakeBatchName<E, R>(result: WindowInvocationResult<E, R>): string | undefined {
  if (result.records) return recordRangeName(result.shardId, result.records.first, result.records.last)
  let first: string | undefined
  let end: string | undefined
  for (const p of result.partials) {
    const m = /:(\d+)-(\d+)$/.exec(p.id)
    if (!m) continue
    const [, from = '', to = ''] = m
    if (first === undefined || compareSequenceNumbers(from, first) < 0) first = from
    if (end === undefined || compareSequenceNumbers(to, end) > 0) end = to
  }
  return first !== undefined && end !== undefined ? `${recordRangeName(result.shardId, first, end)}-flush` : undefined
}

/**
 * The `outputs` callback of `createWindowHandler` that writes a job's results to the lake:
 * `toRows` maps the invocation's result to rows per data set, the sink writes them under
 * {@link lakeBatchName} before the handler answers Lambda.
 *
 * @example
 * ```ts
 * createWindowHandler({ ..., outputs: lakeOutputs(sink, (r) => adTechLakeRows(r.emitted, r.partials)) })
 * ```
 */
export function lakeOutputs<E, R>(sink: LakeSink, toRows: (result: WindowInvocationResult<E, R>) => LakeRows) {
  return async (result: WindowInvocationResult<E, R>): Promise<void> => {
    const name = lakeBatchName(result)
    if (name === undefined) return
    await sink.write(name, toRows(result))
  }
}
