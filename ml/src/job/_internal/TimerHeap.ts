/** A min-heap of `[timer, key, slot]`, ordered by timer (ties: insertion order is not kept, callers must not rely on it). */
export class TimerHeap {
  private readonly items: Array<[number, string, number]> = []

  get size(): number {
    return this.items.length
  }

  /** The smallest timer, or Infinity when empty. */
  peek(): number {
    return this.items[0]?.[0] ?? Infinity
  }

  push(timer: number, key: string, slot: number): void {
    const heap = this.items
    const entry: [number, string, number] = [timer, key, slot]
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((heap[parent] as [number, string, number])[0] <= timer) break
      heap[i] = heap[parent] as [number, string, number]
      i = parent
    }
    heap[i] = entry
  }

  pop(): [number, string, number] | undefined {
    const heap = this.items
    const top = heap[0]
    const last = heap.pop()
    if (top === undefined || last === undefined) return undefined
    if (heap.length > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= heap.length) break
        const r = l + 1
        const child = r < heap.length && (heap[r] as [number, string, number])[0] < (heap[l] as [number, string, number])[0] ? r : l
        if ((heap[child] as [number, string, number])[0] >= last[0]) break
        heap[i] = heap[child] as [number, string, number]
        i = child
      }
      heap[i] = last
    }
    return top
  }
}
