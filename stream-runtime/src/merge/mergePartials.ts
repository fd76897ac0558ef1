import type { Json } from '@sdp/aggregation-engine'
import { slotOf } from '../exchange/partialBuckets.js'
import type { PartialsRecord } from '../exchange/PartialsRecord.js'
import { BatchState } from './BatchState.js'
import { DAY_MS, dayOf, hourOf, HOUR_MS, monthOf, stateKey } from './resultKeys.js'

/** Merges two accumulators of the job into a new one; must not change its arguments. */
export type MergeAccumulators = (a: Json, b: Json) => Json

/** A key's totals in its directory slot: the merged accumulator and the latest period start that counted. */
export type DirectoryEntry = [value: Json, lastPeriod: number]

/**
 * A key's head: its latest hour's periods, the hours of that hour's day before it, and the days
 * of that day's month before it. It is the only item a steady stream of partials rewrites; an
 * hour, day or month gets its own item once a later one starts (or when a late partial changes it).
 */
export interface Head {
  /** Start of the key's latest hour (the hour of its latest period). */
  readonly hour: number
  /** Accumulators of the latest hour's periods, by offset from the hour's start. */
  readonly periods: Readonly<Record<string, Json>>
  /** Totals of the latest day's earlier hours, by hour of the day. */
  readonly hours: Readonly<Record<string, Json>>
  /** Totals of the latest month's earlier days, by day of the month (0 = the 1st). */
  readonly days: Readonly<Record<string, Json>>
}

/** A result item with its absolute value after the batch: what stage 2 writes. */
export type ResultItem =
  | { readonly kind: 'head'; readonly key: string; readonly head: Head }
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

/**
 * The state keys a batch's partials name: their group's marks, and each partial's key head,
 * hour, day, month and directory slot (the hour, day and month exist only once the head moved
 * past them).
 */
export function partialKeys(records: readonly PartialsRecord[]): Set<string> {
  const keys = new Set<string>()
  for (const record of records) {
    keys.add(stateKey.watermarks(record.bucket))
    for (const [key, start] of record.partials) {
      keys
        .add(stateKey.head(key))
        .add(stateKey.hour(key, hourOf(start)))
        .add(stateKey.day(key, dayOf(start)))
        .add(stateKey.month(key, monthOf(start)))
        .add(stateKey.directory(slotOf(key)))
    }
  }
  return keys
}

/**
 * Stage 2's pure core: merges each record's partials into the current values of the items they
 * touch, exactly once per record. `fetched` holds the state as of the batch's first record (the
 * keys {@link partialKeys} names); a record whose `(through, part)` is not beyond the mark of its
 * (source, bucket) is a resend and is skipped. Periods that started `horizonMs` or more before
 * their record arrived are refused: their item's state may have expired, and an absolute write
 * from an empty value would lose the counts stored. Whether a partial is merged depends on its
 * record alone, never on batching.
 *
 * Items: a key's {@link Head} and its directory slot (totals and latest period) at every touch;
 * an hour, day or month item when the head moves past it, and again when a late partial changes
 * it. So the steady state costs one head per key and one slot per few keys, and a reader adds the
 * head's month, day and hour to the items before them. The head state never expires, so a key
 * quiet for longer than the state's retention still rolls its latest hour, day and month up.
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

type Slots = Record<string, Json>
/** A head as the batch changes it. */
interface OwnHead {
  hour: number
  periods: Slots
  hours: Slots
  days: Slots
}

/** Index of the slot starting at `start` in an item starting at `itemStart` whose slots are `length` long. */
const slotIndex = (start: number, itemStart: number, length: number): string => String((start - itemStart) / length)

/** A key's head, hours, days, months and totals in a batch's state, kept as {@link mergePartials} says. */
class Rollups {
  constructor(
    private readonly state: BatchState,
    private readonly merge: MergeAccumulators,
  ) {}

  /** Merges one partial into the head (moving it on to a later hour) or into the earlier hour it belongs to, and into the key's totals. */
  add(key: string, start: number, accumulator: Json): void {
    const hour = hourOf(start)
    const head = this.head(key, hour)
    if (hour > head.hour) this.advance(key, head, hour)
    if (hour === head.hour) this.addTo(head.periods, String(start - hour), accumulator)
    else this.addEarlier(key, head, hour, start, accumulator)
    const entries = this.state.own<DirectoryEntry>(stateKey.directory(slotOf(key)))
    const totals = entries[key]
    entries[key] = totals ? [this.merge(totals[0], accumulator), Math.max(totals[1], start)] : [accumulator, start]
  }

  /** The batch's own copy of the key's head; a key seen for the first time starts at `hour`. */
  private head(key: string, hour: number): OwnHead {
    const k = stateKey.head(key)
    if (this.state.writes.has(k)) return this.state.get(k) as unknown as OwnHead
    const stored = this.state.get(k) as unknown as Head | undefined
    const head: OwnHead = stored
      ? { hour: stored.hour, periods: { ...stored.periods }, hours: { ...stored.hours }, days: { ...stored.days } }
      : { hour, periods: {}, hours: {}, days: {} }
    this.state.set(k, head as unknown as Json)
    return head
  }

  /** Moves the head on to a later hour: the hour it held, and its day and month if those end too, become items of their own. */
  private advance(key: string, head: OwnHead, hour: number): void {
    const previous = head.hour
    const day = dayOf(previous)
    this.state.set(stateKey.hour(key, previous), head.periods)
    head.hours[slotIndex(previous, day, HOUR_MS)] = this.total(head.periods)
    if (dayOf(hour) !== day) {
      const month = monthOf(day)
      this.state.set(stateKey.day(key, day), head.hours)
      head.days[slotIndex(day, month, DAY_MS)] = this.total(head.hours)
      if (monthOf(hour) !== month) {
        this.state.set(stateKey.month(key, month), head.days)
        head.days = {}
      }
      head.hours = {}
    }
    head.hour = hour
    head.periods = {}
  }

  /** A late partial of an hour before the head's: its hour item, and the day and month that hold that hour's total unless the head does. */
  private addEarlier(key: string, head: OwnHead, hour: number, start: number, accumulator: Json): void {
    const periods = this.state.own<Json>(stateKey.hour(key, hour))
    this.addTo(periods, String(start - hour), accumulator)
    const day = dayOf(hour)
    const hours = day === dayOf(head.hour) ? head.hours : this.state.own<Json>(stateKey.day(key, day))
    hours[slotIndex(hour, day, HOUR_MS)] = this.total(periods)
    if (hours === head.hours) return
    const month = monthOf(day)
    const days = month === monthOf(head.hour) ? head.days : this.state.own<Json>(stateKey.month(key, month))
    days[slotIndex(day, month, DAY_MS)] = this.total(hours)
  }

  private addTo(slots: Slots, slot: string, accumulator: Json): void {
    slots[slot] = slots[slot] === undefined ? accumulator : this.merge(slots[slot], accumulator)
  }

  /** The merge of an item's slots (never empty: an item exists once a partial counted in it). */
  private total(slots: Slots): Json {
    return Object.values(slots).reduce((a, b) => this.merge(a, b))
  }
}

/** The result item a state entry holds, or undefined for the merge marks. */
function resultItemOf(k: string, v: Json): ResultItem | undefined {
  const [kind, a, ...rest] = k.split('|')
  const key = rest.join('|')
  if (kind === 'k') return { kind: 'head', key: [a, ...rest].join('|'), head: v as unknown as Head }
  if (kind === 'h') return { kind: 'hour', key, start: Number(a), periods: v as Record<string, Json> }
  if (kind === 'd') return { kind: 'day', key, start: Number(a), hours: v as Record<string, Json> }
  if (kind === 'm') return { kind: 'month', key, start: Number(a), days: v as Record<string, Json> }
  if (kind === 't') return { kind: 'directory', slot: Number(a), entries: v as unknown as Record<string, DirectoryEntry> }
  return undefined
}
