import type { AggregateFunction, Key, TimeWindow } from '../../types.js'
import { keyBytes, numberBytes, PENDING_GROUP_BYTES } from './estimate.js'

/** An accumulator on its way out, not yet encoded. */
export interface RawPartial<ACC> {
  readonly key: Key
  readonly window: TimeWindow
  readonly acc: ACC
}

interface PendingGroup<ACC> {
  readonly window: TimeWindow
  readonly entries: Map<Key, ACC>
}

/**
 * Accumulators of windows cleaned up before they were flushed, kept by window until the next
 * `flushPartials()`.
 */
export class PendingPartials<ACC> {
  readonly groups = new Map<string, PendingGroup<ACC>>()
  bytes = 0

  constructor(
    private readonly accumulatorBytes: (acc: ACC) => number,
    private readonly aggregate: AggregateFunction<never, ACC, unknown>,
  ) {}

  add(window: TimeWindow, key: Key, acc: ACC): void {
    const id = `${window.start}/${window.end}`
    let group = this.groups.get(id)
    if (group === undefined) {
      group = { window, entries: new Map() }
      this.groups.set(id, group)
      this.bytes += PENDING_GROUP_BYTES + numberBytes(window.start) + numberBytes(window.end)
    }
    const previous = group.entries.get(key)
    if (previous === undefined) {
      group.entries.set(key, acc)
      this.bytes += keyBytes(key) + this.accumulatorBytes(acc)
    } else {
      // Not expected (a cleaned window cannot be recreated), but never lose an accumulator.
      this.bytes -= this.accumulatorBytes(previous)
      const merged = this.aggregate.merge(previous, acc)
      group.entries.set(key, merged)
      this.bytes += this.accumulatorBytes(merged)
    }
  }

  /** Hands out every pending accumulator and forgets them. */
  take(): RawPartial<ACC>[] {
    const partials: RawPartial<ACC>[] = []
    for (const group of this.groups.values()) {
      for (const [key, acc] of group.entries) partials.push({ key, window: group.window, acc })
    }
    this.groups.clear()
    this.bytes = 0
    return partials
  }
}
