import type { Json } from '@sdp/aggregation-engine'
import { slotOf } from '../exchange/partialBuckets.js'
import type { PartialsRecord } from '../exchange/PartialsRecord.js'
import { BatchState } from './BatchState.js'
import { DAY_MS, dayOf, hourOf, HOUR_MS, monthOf, stateKey } from './resultKeys.js'

/** Merges two accumulators of the job into a new one; must not change its arguments. */
export type MergeAccumulators = (a: Json, b: Json) => Json

/** A key's totals in its directory slot: the merged accumulator and the latest period start that counted. */
export type DirectoryEntry = [value: Json, lastPeriod: number]

/** A result item with its absolute value after the batch: what stage 2 writes. */
export type ResultItem =
  | { readonly kind: 'hour'; readonly key: string; readonly start: number; readonly periods: Readonly<Record<string, Json>> }
  | { readonly kind: 'day'; readonly key: string; readonly start: number; readonly hours: Readonly<Record<string, Json>> }
  | { readonly kind: 'month'; readonly key: string; readonly start: number; readonly days: Readonly<Record<string, Json>> }
  | { readonly kind: 'directory'; readonly slot: number; readonly entries: Readonly<Record<string, DirectoryEntry>> }

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

/** The state keys a batch's partials name: their group's marks, and the hour, day, month and directory slot of each. */
export function partialKeys(records: readonly PartialsRecord[]): Set<string> {
  const keys = new Set<string>()
  for (const record of records) {
    keys.add(stateKey.watermarks(record.bucket))
    for (const [key, start] of record.partials) {
      keys
        .add(stateKey.hour(key, hourOf(start)))
        .add(stateKey.day(key, dayOf(start)))
        .add(stateKey.month(key, monthOf(start)))
        .add(stateKey.directory(slotOf(key)))
    }
  }
  return keys
}

/**
 * The state keys a batch needs besides those its partials name: for each key it touches, the
 * latest hour, its day and that day's month, which later hours and days fold into.
 */
export function foldKeys(records: readonly PartialsRecord[], found: ReadonlyMap<string, Json>): Set<string> {
  const out = new Set<string>()
  for (const record of records) {
    for (const [key] of record.partials) {
      const entry = ((found.get(stateKey.directory(slotOf(key))) ?? {}) as Record<string, DirectoryEntry>)[key]
      if (!entry) continue
      const latest = hourOf(entry[1])
      out
        .add(stateKey.hour(key, latest))
        .add(stateKey.day(key, dayOf(latest)))
        .add(stateKey.month(key, monthOf(latest)))
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
 * period); a day (its hours' totals) only for hours before the key's latest hour, and a month
 * (its days' totals) only for days before the latest hour's day — each gets its part when a later
 * hour or day starts, or when a late partial changes it. So the steady state costs one hour item
 * per key and one slot per few keys, and a reader adds the latest day and hour (named by the
 * totals) to the months and days.
 */
export function mergePartials(
  records: ReadonlyArray<{ readonly record: PartialsRecord; readonly arrivalTime: number }>,
  fetched: ReadonlyMap<string, Json>,
  merge: MergeAccumulators,
  horizonMs: number,
): MergeResult {
  const state = new BatchState(fetched)
  const rollups = new Rollups(state, merge)
  const result = { writes: state.writes, items: [] as ResultItem[], duplicates: 0, merged: 0, tooOld: [] as Array<{ index: number; periods: number }> }
  for (const [index, { record, arrivalTime }] of records.entries()) {
    if (!state.claim(record)) {
      result.duplicates++
      continue
    }
    let old = 0
    for (const [key, start, , accumulator] of record.partials) {
      if (start < arrivalTime - horizonMs) old++
      else rollups.add(key, start, accumulator)
    }
    result.merged++
    if (old > 0) result.tooOld.push({ index, periods: old })
  }
  for (const [k, v] of state.writes) {
    const item = resultItemOf(k, v)
    if (item) result.items.push(item)
  }
  return result
}

/** A key's periods, hours, days, months and totals in a batch's state, kept as {@link mergePartials} says. */
class Rollups {
  constructor(
    private readonly state: BatchState,
    private readonly merge: MergeAccumulators,
  ) {}

  /** Merges one partial into its period, the key's totals, and the roll-ups a change of latest hour calls for. */
  add(key: string, start: number, accumulator: Json): void {
    const hour = hourOf(start)
    const periods = this.state.own<Json>(stateKey.hour(key, hour))
    const slot = String(start - hour)
    periods[slot] = periods[slot] === undefined ? accumulator : this.merge(periods[slot], accumulator)
    const entries = this.state.own<DirectoryEntry>(stateKey.directory(slotOf(key)))
    const totals = entries[key]
    const latest = totals ? hourOf(totals[1]) : hour
    if (hour < latest) this.fold(key, hour, latest)
    else if (hour > latest) this.fold(key, latest, hour)
    entries[key] = totals ? [this.merge(totals[0], accumulator), Math.max(totals[1], start)] : [accumulator, start]
  }

  /** Rolls the earlier `hour` into its day, and that day into its month when `later` is on a later day. */
  private fold(key: string, hour: number, later: number): void {
    this.rollUp(stateKey.hour(key, hour), stateKey.day(key, dayOf(hour)), (hour - dayOf(hour)) / HOUR_MS)
    const day = dayOf(hour)
    if (day < dayOf(later)) this.rollUp(stateKey.day(key, day), stateKey.month(key, monthOf(day)), (day - monthOf(day)) / DAY_MS)
  }

  /** Writes the total of the slots of `from` into slot `at` of `into`, a coarser item. */
  private rollUp(from: string, into: string, at: number): void {
    const parts = Object.values((this.state.get(from) ?? {}) as Record<string, Json>)
    if (parts.length === 0) return // only if the finer item's state expired: nothing left to roll up
    this.state.own<Json>(into)[String(at)] = parts.reduce((a, b) => this.merge(a, b))
  }
}

/** The result item a state entry holds, or undefined for the merge marks. */
function resultItemOf(k: string, v: Json): ResultItem | undefined {
  const [kind, a, ...rest] = k.split('|')
  const key = rest.join('|')
  if (kind === 'h') return { kind: 'hour', key, start: Number(a), periods: v as Record<string, Json> }
  if (kind === 'd') return { kind: 'day', key, start: Number(a), hours: v as Record<string, Json> }
  if (kind === 'm') return { kind: 'month', key, start: Number(a), days: v as Record<string, Json> }
  if (kind === 't') return { kind: 'directory', slot: Number(a), entries: v as unknown as Record<string, DirectoryEntry> }
  return undefined
}
