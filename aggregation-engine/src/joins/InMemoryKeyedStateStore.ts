import type { Key } from '../types.js'
import type { KeyedStateStore } from './KeyedStateStore.js'

interface Slot<S> {
  state: S
  timer: number
}

/**
 * The default {@link KeyedStateStore}: a Map of states plus a min-heap of timers (stale heap
 * entries are skipped lazily, and the heap is rebuilt when they outnumber the live ones).
 *
 * @example
 * const store = new InMemoryKeyedStateStore<{ n: number }>()
 * store.set('tx-1', { n: 1 }, 1000)
 * store.dueKeys(1001) // ['tx-1']
 */
export class InMemoryKeyedStateStore<S> implements KeyedStateStore<S> {
  private readonly slots = new Map<Key, Slot<S>>()
  /** [timer, key] pairs ordered by timer. */
  private heap: Array<[number, Key]> = []

  /** Number of keys holding state. */
  get size(): number {
    return this.slots.size
  }

  get(key: Key): S | undefined {
    return this.slots.get(key)?.state
  }

  set(key: Key, state: S, timer: number): void {
    const slot = this.slots.get(key)
    if (slot) {
      slot.state = state
      if (slot.timer === timer) return
      slot.timer = timer
    } else {
      this.slots.set(key, { state, timer })
    }
    this.push([timer, key])
    if (this.heap.length > 2 * this.slots.size + 64) this.rebuild()
  }

  delete(key: Key): void {
    this.slots.delete(key)
  }

  dueKeys(watermark: number): Key[] {
    const due = new Set<Key>()
    while (this.heap.length > 0 && (this.heap[0] as [number, Key])[0] < watermark) {
      const [timer, key] = this.pop()
      if (this.slots.get(key)?.timer === timer) due.add(key)
    }
    return [...due]
  }

  /** Every key with its state, in insertion order of the keys. */
  *entries(): IterableIterator<[Key, S]> {
    for (const [key, slot] of this.slots) yield [key, slot.state]
  }

  private rebuild(): void {
    this.heap = []
    for (const [key, slot] of this.slots) this.push([slot.timer, key])
  }

  private push(entry: [number, Key]): void {
    const heap = this.heap
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((heap[parent] as [number, Key])[0] <= entry[0]) break
      heap[i] = heap[parent] as [number, Key]
      i = parent
    }
    heap[i] = entry
  }

  private pop(): [number, Key] {
    const heap = this.heap
    const top = heap[0] as [number, Key]
    const last = heap.pop() as [number, Key]
    if (heap.length > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= heap.length) break
        const r = l + 1
        const child = r < heap.length && (heap[r] as [number, Key])[0] < (heap[l] as [number, Key])[0] ? r : l
        if ((heap[child] as [number, Key])[0] >= last[0]) break
        heap[i] = heap[child] as [number, Key]
        i = child
      }
      heap[i] = last
    }
    return top
  }
}
