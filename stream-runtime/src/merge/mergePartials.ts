import { compareSequenceNumbers, type Json } from '@sdp/aggregation-engine'
import { slotOf } from '../exchange/partialBuckets.js'
import type { PartialsRecord } from '../exchange/PartialsRecord.js'
import { dayOf, hourOf, HOUR_MS, stateKey } from './resultKeys.js'

/** Merges two accumulators of the job into a new one; must not change its arguments. */
export type MergeAccumulators = (a: Json, b: Json) => Json

/** A key's totals in its directory slot: the merged accumulator and the latest period start that counted. */
export type DirectoryEntry = [value: Json, lastPeriod: number]

/** A result item with its absolute value after the batch: what stage 2 writes. */
export type ResultItem =
  | { readonly kind: 'hour'; readonly key: string; readonly start: number; readonly periods: Readonly<Record<string, Json>> }
  | { readonly kind: 'day'; readonly key: string; readonly start: number; readonly hours: Readonly<Record<string, Json>> }
  | { readonly kind: 'directory'; readonly slot: number; readonly entries: Readonly<Record<string, DirectoryEntry>> }

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
 * The state keys a batch needs besides those its partials name: for each key it touches, the
 * latest hour and that hour's day, which a later hour folds into the day.
 */
export function foldKeys(records: readonly PartialsRecord[], found: ReadonlyMap<string, Json>): Set<string> {
  const out = new Set<string>()
  for (const record of records) {
    for (const [key] of record.partials) {
      const entry = ((found.get(stateKey.directory(slotOf(key))) ?? {}) as Record<string, DirectoryEntry>)[key]
      if (!entry) continue
      const latest = hourOf(entry[1])
      out.add(stateKey.hour(key, latest)).add(stateKey.day(key, dayOf(latest)))
    }
  }
  return out
}

/**
 * Stage 2's pure core: merges each record's partials into the current values of the items they
 * touch, exactly once per record. `fetched` holds the state as of the batch's first record (the
 * keys its partials name and their {@link foldKeys}); a
 * record whose `(through, part)` is not beyond the mark of its (source, bucket) is a resend and is
 * skipped. Periods that started `horizonMs` or more before their record arrived are refused:
 * their item's state may have expired, and an absolute write from an empty value would lose the
 * counts stored. Whether a partial is merged depends on its record alone, never on batching.
 *
 * Items: a key's hour (its periods) at every touch; its directory slot (totals and latest
 * period); and a day (its hours' totals) only for hours before the key's latest hour — a day
 * gets an hour when a later hour starts, or when a late partial changes it. So the steady state
 * costs one hour item per key and one slot per few keys, and a reader adds the latest hour (named
 * by the totals) to the days.
 */
export function mergePartials(
  records: ReadonlyArray<{ readonly record: PartialsRecord; readonly arrivalTime: number }>,
  fetched: ReadonlyMap<string, Json>,
  merge: MergeAccumulators,
  horizonMs: number,
): MergeResult {
  const writes = new Map<string, Json>()
  const get = (k: string): Json | undefined => (writes.has(k) ? writes.get(k) : fetched.get(k))
  const periodsOf = (key: string, hour: number) => (get(stateKey.hour(key, hour)) ?? {}) as Record<string, Json>
  /** Writes the total of `hour` into its day's item. */
  const rollUp = (key: string, hour: number) => {
    const day = dayOf(hour)
    const periods = Object.values(periodsOf(key, hour))
    if (periods.length === 0) return // only if the hour's state expired: nothing left to roll up
    const hours = { ...((get(stateKey.day(key, day)) ?? {}) as Record<string, Json>) }
    hours[String((hour - day) / HOUR_MS)] = periods.reduce((a, b) => merge(a, b))
    writes.set(stateKey.day(key, day), hours)
  }
  const result = { writes, items: [] as ResultItem[], duplicates: 0, merged: 0, tooOld: [] as Array<{ index: number; periods: number }> }
  for (const [index, { record, arrivalTime }] of records.entries()) {
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
      if (start < arrivalTime - horizonMs) {
        old++
        continue
      }
      const hour = hourOf(start)
      const periods = { ...periodsOf(key, hour) }
      const slot = String(start - hour)
      periods[slot] = periods[slot] === undefined ? accumulator : merge(periods[slot] as Json, accumulator)
      writes.set(stateKey.hour(key, hour), periods)
      const slotKey = stateKey.directory(slotOf(key))
      const entries = { ...((get(slotKey) ?? {}) as Record<string, DirectoryEntry>) }
      const totals = entries[key]
      const latest = totals ? hourOf(totals[1]) : hour
      if (hour < latest) rollUp(key, hour)
      else if (hour > latest) rollUp(key, latest)
      entries[key] = totals ? [merge(totals[0], accumulator), Math.max(totals[1], start)] : [accumulator, start]
      writes.set(slotKey, entries as unknown as Json)
    }
    result.merged++
    if (old > 0) result.tooOld.push({ index, periods: old })
  }
  for (const [k, v] of writes) {
    const [kind, a, ...rest] = k.split('|')
    const key = rest.join('|')
    if (kind === 'h') result.items.push({ kind: 'hour', key, start: Number(a), periods: v as Record<string, Json> })
    else if (kind === 'd') result.items.push({ kind: 'day', key, start: Number(a), hours: v as Record<string, Json> })
    else if (kind === 't') result.items.push({ kind: 'directory', slot: Number(a), entries: v as unknown as Record<string, DirectoryEntry> })
  }
  return result as MergeResult
}
