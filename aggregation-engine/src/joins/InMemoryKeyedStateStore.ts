import type { Key } from '../types.js'
import { TimerQueue } from '../state/TimerQueue.js'
import type { KeyedStateStore } from './KeyedStateStore.js'

interface Slot<S> {
  state: S
  timer: number
}

const byTimer = () => new TimerQueue<[number, Key]>((a, b) => a[0] - b[0])

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
  private heap = byTimer()

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
    this.heap.push([timer, key])
    if (this.heap.size > 2 * this.slots.size + 64) this.rebuild()
  }

  delete(key: Key): void {
    this.slots.delete(key)
  }

  dueKeys(watermark: number): Key[] {
    const due = new Set<Key>()
    for (let next = this.heap.peek(); next !== undefined && next[0] < watermark; next = this.heap.peek()) {
      const [timer, key] = this.heap.pop() as [number, Key]
      if (this.slots.get(key)?.timer === timer) due.add(key)
    }
    return [...due]
  }

  /** Every key with its state, in insertion order of the keys. */
  *entries(): IterableIterator<[Key, S]> {
    for (const [key, slot] of this.slots) yield [key, slot.state]
  }

  private rebuild(): void {
    this.heap = byTimer()
    for (const [key, slot] of this.slots) this.heap.push([slot.timer, key])
  }
}
