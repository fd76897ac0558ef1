import type { Json } from '../types.js'
import { InvalidArgumentError } from '../errors.js'
import type { KeyedStateStore } from '../joins/KeyedStateStore.js'
import type { KeyedState } from '../lambda/WindowJob.js'
import { TimerQueue } from './TimerQueue.js'
import { emptySlot, openCursor, readSlot, removeEntry, sortedSlot, type Cursor, type Slot } from './_internal/slot.js'

/** Options of {@link SlottedKeyedStateStore}. */
export interface SlottedKeyedStateStoreOptions<S> {
  /** Number of slots in the ring (external keys `<prefix>0` … plus `<prefix>index`). */
  readonly slots: number
  /** Width of a slot in event time: writes at time `t` go to bucket `floor(t / slotMs)`. */
  readonly slotMs: number
  /** Prefix of the external keys. */
  readonly prefix: string
  /** Event time now (the operator's watermark): never goes back. Picks the slot writes go to. */
  readonly now: () => number
  /** The watermark the stored state was written at: every timer below it has fired in an earlier invocation. */
  readonly firedBefore: number
  /** Deep copy of a state (the operator mutates what `get` returns). @default structuredClone */
  readonly copy?: (state: S) => S
}

const NOWHERE = -1
const INDEX = 'index'

/** Every external key of a store with this prefix and slot count: what a job declares in `stateKeys` for every record. */
export function slotKeys(prefix: string, slots: number): string[] {
  return [...Array.from({ length: slots }, (_, i) => `${prefix}${i}`), `${prefix}${INDEX}`]
}

/**
 * A {@link KeyedStateStore} for a keyed operator with timers (the interval join) over the Lambda
 * adapter's external {@link KeyedState}, which only lets a batch read keys its records declared.
 * A timer that fires on a quiet shard belongs to no record, so the state lives in a fixed ring of
 * slots that every record declares, plus a small index.
 *
 * - **Writes go to the slot of the current event time** (`floor(now / slotMs) mod slots`). A key
 *   updated later simply gets a newer copy in a newer slot; the copy in the slot with the highest
 *   bucket is the key's state, older ones are shadowed. So an invocation rewrites the slot it is
 *   filling and little else, whatever keys it touches — no slot of old keys is rewritten because
 *   an impression updated one of them.
 * - **Timers**: slots are stored in timer order and the index keeps, per slot, a lower bound of
 *   its timers; `dueKeys(watermark)` opens only slots whose bound has passed and consumes them
 *   with a cursor (keys set during the invocation go through a heap). When the invocation ends
 *   (`commit`), opened slots get a new bound and, when mostly garbage, are compacted.
 * - **Garbage**: every timer below `firedBefore` fired in an earlier invocation, and the operator
 *   then wrote a newer copy or deleted the key; so a newest copy whose timer is below it is dead,
 *   and a deleted key needs no tombstone unless an older copy could still look alive. A slot the
 *   ring comes back to keeps only its keys' newest, live copies.
 *
 * Slots are copied before their first write in an invocation: what the backend handed out is never
 * mutated, so a warm cache stays valid if the invocation fails. States must be JSON-safe; keys are
 * strings (numbers are converted). One instance per invocation (per `JobInstance`); call
 * {@link commit} at its end.
 */
export class SlottedKeyedStateStore<S> implements KeyedStateStore<S> {
  private readonly keys: string[]
  private readonly indexKey: string
  private readonly loaded = new Map<number, Slot<S> | undefined>()
  private readonly owned = new Set<number>()
  private readonly where = new Map<string, number>()
  /** Opened slots: their keys in timer order, and how far the watermark has consumed them. */
  private readonly opened = new Map<number, Cursor>()
  /** Entries set in this invocation (the opened slots' keys were listed before). */
  private readonly heap = new TimerQueue<[number, string, number]>((a, b) => a[0] - b[0])
  private readonly copy: (state: S) => S
  private order: number[] | undefined
  private index: Array<number | null> | undefined
  private indexOwned = false
  private nextOpen: number | undefined
  /** Slots or index whose stored value could not be read (treated as empty / rebuilt), for the caller to report. */
  unreadable = 0

  constructor(
    private readonly state: KeyedState,
    private readonly options: SlottedKeyedStateStoreOptions<S>,
  ) {
    const { slots, slotMs } = options
    if (!Number.isSafeInteger(slots) || slots < 1) throw new InvalidArgumentError(`slots must be a positive integer, got ${String(slots)}`)
    if (!Number.isSafeInteger(slotMs) || slotMs < 1) throw new InvalidArgumentError(`slotMs must be a positive integer, got ${String(slotMs)}`)
    if (typeof options.now !== 'function') throw new InvalidArgumentError('now must be a function')
    this.keys = slotKeys(options.prefix, slots).slice(0, slots)
    this.indexKey = `${options.prefix}${INDEX}`
    this.copy = options.copy ?? ((s) => structuredClone(s))
  }

  get(key: string | number): S | undefined {
    const k = String(key)
    const i = this.locate(k)
    return i === NOWHERE ? undefined : this.copy((this.slot(i) as Slot<S>).e[k]![1] as S)
  }

  set(key: string | number, state: S, timer: number): void {
    const k = String(key)
    const i = this.current()
    ;(this.slot(i) as Slot<S>).e[k] = [timer, this.copy(state)]
    this.where.set(k, i)
    this.lowerBound(i, timer)
    this.heap.push([timer, k, i])
  }

  delete(key: string | number): void {
    const k = String(key)
    // Older copies that could still look alive once this one is gone need a tombstone that outlives them.
    let latest = -Infinity
    for (const i of this.slotOrder()) {
      const entry = this.slot(i)?.e
      if (entry && Object.hasOwn(entry, k)) latest = Math.max(latest, entry[k]![0])
    }
    this.where.set(k, NOWHERE)
    if (latest >= this.options.now()) {
      const i = this.current()
      ;(this.slot(i) as Slot<S>).e[k] = [latest, null]
      this.lowerBound(i, latest)
      return
    }
    // Otherwise every copy is dead by the next invocation; drop the one in the slot being filled, if any.
    const { slots, slotMs } = this.options
    const bucket = Math.floor(this.options.now() / slotMs)
    const filling = this.slot(((bucket % slots) + slots) % slots)
    if (filling?.b === bucket && Object.hasOwn(filling.e, k)) removeEntry(this.slot(this.current()) as Slot<S>, k)
  }

  dueKeys(watermark: number): string[] {
    if (this.nextOpen === undefined || this.nextOpen < watermark) this.openSlotsDueBefore(watermark)
    const due = new Set<string>()
    const consider = (k: string, i: number, timer: number) => {
      if (this.locate(k) === i && this.slot(i)?.e[k]?.[0] === timer) due.add(k)
    }
    for (const [i, c] of this.opened) {
      while (c.next < c.keys.length && (c.timers[c.next] as number) < watermark) {
        consider(c.keys[c.next] as string, i, c.timers[c.next] as number)
        c.next++
      }
    }
    for (let next = this.heap.peek(); next !== undefined && next[0] < watermark; next = this.heap.peek()) {
      const [timer, k, i] = this.heap.pop() as [number, string, number]
      consider(k, i, timer)
    }
    return [...due]
  }

  /**
   * Ends the invocation: new timer bounds for the slots opened or written, compaction of opened
   * slots that are mostly garbage, and the slots written put in timer order (what `dueKeys` relies
   * on to consume a slot with a cursor). `watermark` is the one the operator has processed: every
   * entry whose timer is below it has fired (and was replaced or deleted) or was already shadowed,
   * so it is garbage — no lookup needed. Idempotent.
   */
  commit(watermark: number): void {
    const compacted = new Set<number>()
    for (const [i, c] of this.opened) {
      if (this.owned.has(i)) continue // written in this invocation: sorted below
      while (c.next < c.keys.length && (c.timers[c.next] as number) < watermark) c.next++
      const live = c.keys.length - c.next
      this.setBound(i, live > 0 ? (c.timers[c.next] as number) : null)
      // Rewritten only when mostly garbage, so a slot whose timers come due over a minute is rewritten a few times, not every invocation.
      if (c.next >= 64 && c.next > live) {
        const slot = this.slot(i) as Slot<S>
        const kept = emptySlot<S>(slot.b)
        for (let j = c.next; j < c.keys.length; j++) kept.e[c.keys[j] as string] = slot.e[c.keys[j] as string]!
        this.own(i, kept)
        compacted.add(i)
      }
    }
    for (const i of this.owned) {
      if (compacted.has(i)) continue
      const sorted = sortedSlot(this.slot(i) as Slot<S>, watermark)
      this.own(i, sorted.slot)
      this.setBound(i, sorted.first)
    }
  }

  /** Opens every slot whose timer bound the watermark has passed, and notes the lowest bound left closed. */
  private openSlotsDueBefore(watermark: number): void {
    const index = this.indexArray()
    for (let i = 0; i < index.length; i++) {
      const bound = index[i]
      if (!this.opened.has(i) && bound !== null && bound !== undefined && bound < watermark) this.open(i)
    }
    this.nextOpen = Infinity
    for (let i = 0; i < index.length; i++) if (!this.opened.has(i)) this.nextOpen = Math.min(this.nextOpen, index[i] ?? Infinity)
  }

  /** Where a key's state is: the slot of its newest copy, or NOWHERE when it has none, or that copy is a tombstone or dead. */
  private locate(key: string): number {
    const known = this.where.get(key)
    if (known !== undefined) return known
    let found = NOWHERE
    for (const i of this.slotOrder()) {
      const entry = (this.slot(i) as Slot<S>).e
      if (Object.hasOwn(entry, key)) {
        const [timer, state] = entry[key]!
        if (state !== null && timer >= this.options.firedBefore) found = i
        break
      }
    }
    this.where.set(key, found)
    return found
  }

  /** The slot of the current bucket, ready for writing (copied, or started afresh when the ring comes back to it). */
  private current(): number {
    const { slots, slotMs } = this.options
    const bucket = Math.floor(this.options.now() / slotMs)
    const i = ((bucket % slots) + slots) % slots
    const slot = this.slot(i)
    if (slot?.b === bucket) {
      if (!this.owned.has(i)) this.own(i, { b: bucket, e: Object.assign(emptySlot<S>(bucket).e, slot.e) })
      return i
    }
    // The ring is back at this slot (its keys' timers have mostly passed): keep only the newest copies
    // and the tombstones still needed — a shadowed copy must not come back as the newest.
    const fresh = emptySlot<S>(bucket)
    let bound: number | null = null
    if (slot) {
      for (const k in slot.e) {
        const entry = slot.e[k]!
        // Below `firedBefore`: garbage. Above it, a key may be due and not yet processed: keep it if it is the newest copy.
        if (entry[0] < this.options.firedBefore) continue
        const keep = entry[1] === null ? entry[0] >= this.options.now() : this.locate(k) === i
        if (!keep) continue
        fresh.e[k] = entry
        bound = bound === null ? entry[0] : Math.min(bound, entry[0])
      }
    }
    this.own(i, fresh)
    this.order = undefined
    this.setBound(i, bound)
    return i
  }

  private own(i: number, slot: Slot<S>): void {
    this.loaded.set(i, slot)
    this.owned.add(i)
    this.state.set(this.keys[i] as string, slot as unknown as Json)
  }

  private open(i: number): void {
    this.opened.set(i, openCursor(this.slot(i), this.options.firedBefore))
  }

  /** Existing slots, newest bucket first. */
  private slotOrder(): number[] {
    if (!this.order) {
      const present: number[] = []
      for (let i = 0; i < this.keys.length; i++) if (this.slot(i)) present.push(i)
      this.order = present.sort((a, b) => (this.slot(b) as Slot<S>).b - (this.slot(a) as Slot<S>).b)
    }
    return this.order
  }

  private slot(i: number): Slot<S> | undefined {
    if (this.loaded.has(i)) return this.loaded.get(i)
    const { slot, unreadable } = readSlot<S>(this.state.get(this.keys[i] as string))
    if (unreadable) this.unreadable++
    this.loaded.set(i, slot)
    return slot
  }

  private indexArray(): Array<number | null> {
    if (this.index) return this.index
    const value = this.state.get(this.indexKey) as { m?: unknown } | undefined
    const m = value?.m
    if (Array.isArray(m) && m.length === this.keys.length && m.every((x) => x === null || typeof x === 'number')) this.index = m as Array<number | null>
    else {
      // No index (or an unreadable one): every existing slot is opened once and gets its exact bound.
      if (value !== undefined) this.unreadable++
      this.index = this.keys.map((_, i) => (this.slot(i) ? -Number.MAX_VALUE : null))
    }
    return this.index
  }

  private setBound(i: number, bound: number | null): void {
    const index = this.indexArray()
    if (index[i] === bound) return
    if (!this.indexOwned) {
      this.index = [...index]
      this.indexOwned = true
      this.state.set(this.indexKey, { m: this.index })
    }
    ;(this.index as Array<number | null>)[i] = bound
    if (!this.opened.has(i) && bound !== null && this.nextOpen !== undefined) this.nextOpen = Math.min(this.nextOpen, bound)
  }

  private lowerBound(i: number, timer: number): void {
    const current = this.indexArray()[i]
    if (current === null || current === undefined || timer < current) this.setBound(i, timer)
  }
}
