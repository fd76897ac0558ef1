import { compareSequenceNumbers, type Json } from '@sdp/aggregation-engine'
import type { PartialsRecord } from '../exchange/PartialsRecord.js'
import { dayOf, hourOf, HOUR_MS, stateKey } from './resultKeys.js'

/** Merges two accumulators of the job into a new one; must not change its arguments. */
export type MergeAccumulators = (a: Json, b: Json) => Json

/** A result item with its absolute value after the batch: what stage 2 writes. */
export type ResultItem =
  | { readonly kind: 'hour'; readonly key: string; readonly start: number; readonly periods: Readonly<Record<string, Json>> }
  | { readonly kind: 'day'; readonly key: string; readonly start: number; readonly hours: Readonly<Record<string, Json>> }
  | { readonly kind: 'totals'; readonly key: string; readonly value: Json; readonly lastPeriod: number }

/** Value of a `t|` state entry: the key's totals and the latest period start that counted. */
type TotalsEntry = [value: Json, lastPeriod: number]
/** Value of a `w|` state entry: per stage-1 shard, the `[through, part]` merged last. */
type MarksEntry = Record<string, [string, number]>

/** What {@link mergePartials} made of a batch. */
export interface MergeResult {
  /** State entries to store as the batch's segment. */
  readonly writes: Map<string, Json>
  readonly items: ResultItem[]
  /** Records skipped because they were merged before (resends of retried stage-1 invocations). */
  readonly duplicates: number
  readonly merged: number
  /** Records holding partials older than the horizon, which were left out: dead-letter them. */
  readonly tooOld: Array<{ readonly index: number; readonly periods: number }>
}

/**
 * Stage 2's pure core: merges each record's partials into the current values of their hour, day
 * and totals items, exactly once per record. `fetched` holds the state as of the batch's first
 * record; a record whose `(through, part)` is not beyond the mark of its (source, bucket) is a
 * resend and is skipped. Periods that started `horizonMs` or more before their record arrived are
 * refused: their item's state may have expired, and an absolute write from an empty value would
 * lose the counts stored. Whether a partial is merged depends on its record alone, never on how
 * the records were batched.
 */
export function mergePartials(
  records: ReadonlyArray<{ readonly record: PartialsRecord; readonly arrivalTime: number }>,
  fetched: ReadonlyMap<string, Json>,
  merge: MergeAccumulators,
  horizonMs: number,
): MergeResult {
  const writes = new Map<string, Json>()
  const get = (k: string): Json | undefined => (writes.has(k) ? writes.get(k) : fetched.get(k))
  const result = { writes, items: [] as ResultItem[], duplicates: 0, merged: 0, tooOld: [] as Array<{ index: number; periods: number }> }
  for (const [index, { record, arrivalTime }] of records.entries()) {
    const oldestStart = arrivalTime - horizonMs
    const marksKey = stateKey.watermarks(record.bucket)
    const marks = { ...((get(marksKey) ?? {}) as MarksEntry) }
    const mark = marks[record.source]
    if (mark && (compareSequenceNumbers(record.through, mark[0]) || record.part - mark[1]) <= 0) {
      result.duplicates++
      continue
    }
    marks[record.source] = [record.through, record.part]
    writes.set(marksKey, marks as unknown as Json)
    let old = 0
    for (const [key, start, , accumulator] of record.partials) {
      if (start < oldestStart) {
        old++
        continue
      }
      const hour = hourOf(start)
      const hourKey = stateKey.hour(key, hour)
      const periods = { ...((get(hourKey) ?? {}) as Record<string, Json>) }
      const slot = String(start - hour)
      periods[slot] = periods[slot] === undefined ? accumulator : merge(periods[slot] as Json, accumulator)
      writes.set(hourKey, periods)
      const day = dayOf(start)
      const dayKey = stateKey.day(key, day)
      const hours = { ...((get(dayKey) ?? {}) as Record<string, Json>) }
      const h = String((hour - day) / HOUR_MS)
      hours[h] = hours[h] === undefined ? accumulator : merge(hours[h] as Json, accumulator)
      writes.set(dayKey, hours)
      const totalsKey = stateKey.totals(key)
      const totals = get(totalsKey) as TotalsEntry | undefined
      writes.set(totalsKey, totals ? [merge(totals[0], accumulator), Math.max(totals[1], start)] : [accumulator, start])
    }
    result.merged++
    if (old > 0) result.tooOld.push({ index, periods: old })
  }
  for (const [k, v] of writes) {
    const [kind, a, ...rest] = k.split('|')
    const key = rest.join('|')
    if (kind === 'h') result.items.push({ kind: 'hour', key, start: Number(a), periods: v as Record<string, Json> })
    else if (kind === 'd') result.items.push({ kind: 'day', key, start: Number(a), hours: v as Record<string, Json> })
    else if (kind === 't') {
      const [value, lastPeriod] = v as TotalsEntry
      result.items.push({ kind: 'totals', key: [a, ...rest].join('|'), value, lastPeriod })
    }
  }
  return result as MergeResult
}
