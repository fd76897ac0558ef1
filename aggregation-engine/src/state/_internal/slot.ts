/** The stored form of a ring slot and the pure operations on it (see SlottedKeyedStateStore). */

/** A slot at rest: its absolute bucket and its entries `key → [timer, state]` (`state` null: a tombstone), in timer order. */
export interface Slot<S> {
  b: number
  e: Record<string, [number, S | null]>
}

/** An opened slot: its keys sorted by timer (as they were when opened) and the first one not yet consumed. */
export interface Cursor {
  keys: string[]
  timers: number[]
  next: number
}

/** A slot with no entries. Entries live in a null-prototype map, so a key such as `__proto__` is an ordinary entry. */
export const emptySlot = <S>(b: number): Slot<S> => ({ b, e: Object.create(null) as Slot<S>['e'] })

/**
 * Removes a key's entry. The entries are a record because that is the stored (JSON) form of a
 * slot; a null-prototype record makes removing one an ordinary property deletion.
 */
export function removeEntry<S>(slot: Slot<S>, key: string): void {
  Reflect.deleteProperty(slot.e, key)
}

/** A stored value as a slot, or undefined when it is none (absent, or unreadable: then `unreadable` is true). */
export function readSlot<S>(value: unknown): { slot: Slot<S> | undefined; unreadable: boolean } {
  if (value === undefined || value === null) return { slot: undefined, unreadable: false }
  const v = value as Partial<Slot<S>>
  const ok = typeof v === 'object' && !Array.isArray(v) && Number.isSafeInteger(v.b) && typeof v.e === 'object' && v.e !== null
  return ok ? { slot: v as Slot<S>, unreadable: false } : { slot: undefined, unreadable: true }
}

/**
 * The slot's keys in timer order, positioned at the first timer not below `from`. Slots are
 * stored in timer order, but objects list integer-like keys first, so the order is checked.
 */
export function openCursor<S>(slot: Slot<S> | undefined, from: number): Cursor {
  let keys = slot ? Object.keys(slot.e) : []
  let timers = new Array<number>(keys.length)
  let sorted = true
  for (let j = 0; j < keys.length; j++) {
    const t = slot!.e[keys[j] as string]![0]
    timers[j] = t
    if (j > 0 && (timers[j - 1] as number) > t) sorted = false
  }
  if (!sorted) {
    const order = keys.map((_, j) => j).sort((a, b) => (timers[a] as number) - (timers[b] as number))
    keys = order.map((j) => keys[j] as string)
    timers = order.map((j) => timers[j] as number)
  }
  let next = 0
  while (next < timers.length && (timers[next] as number) < from) next++
  return { keys, timers, next }
}

/**
 * The slot's entries whose timer is at least `from`, in timer order (as far as the object keeps
 * it: integer-like keys come first whatever is done), and the smallest of those timers (null when none).
 */
export function sortedSlot<S>(slot: Slot<S>, from: number): { slot: Slot<S>; first: number | null } {
  const entries = Object.entries(slot.e).filter(([, entry]) => entry[0] >= from)
  entries.sort((a, b) => a[1][0] - b[1][0])
  const out = emptySlot<S>(slot.b)
  for (const [k, entry] of entries) out.e[k] = entry
  return { slot: out, first: entries[0]?.[1][0] ?? null }
}
