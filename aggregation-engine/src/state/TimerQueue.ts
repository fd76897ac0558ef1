/**
 * A binary min-heap ordered by `compare`: the window operator's timer queues (one per time
 * domain), the join store's timers, and any job's own.
 *
 * @example
 * const timers = new TimerQueue<[number, string]>((a, b) => a[0] - b[0])
 * timers.push([2000, 'b']); timers.push([1000, 'a'])
 * timers.pop() // [1000, 'a']
 */
export class TimerQueue<T> {
  private readonly heap: T[] = []

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.heap.length
  }

  peek(): T | undefined {
    return this.heap[0]
  }

  push(item: T): void {
    const heap = this.heap
    heap.push(item)
    let index = heap.length - 1
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (this.compare(heap[parent] as T, item) <= 0) break
      heap[index] = heap[parent] as T
      index = parent
    }
    heap[index] = item
  }

  pop(): T | undefined {
    const heap = this.heap
    const top = heap[0]
    const last = heap.pop()
    if (heap.length === 0 || last === undefined) return top
    let index = 0
    for (;;) {
      const left = 2 * index + 1
      if (left >= heap.length) break
      const right = left + 1
      const child = right < heap.length && this.compare(heap[right] as T, heap[left] as T) < 0 ? right : left
      if (this.compare(heap[child] as T, last) >= 0) break
      heap[index] = heap[child] as T
      index = child
    }
    heap[index] = last
    return top
  }
}
