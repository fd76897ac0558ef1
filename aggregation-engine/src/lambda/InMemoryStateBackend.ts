import type { Json } from '../types.js'
import type { StateSegment } from './runWindowInvocation.js'
import { compareSequenceNumbers } from './sequenceNumbers.js'

/**
 * The read rule of the external state, in memory: a batch reads only segments of its shard that
 * end before its first sequence number, and of several values of a key the segment ending last
 * wins. The reference the object-store backend is held to, and enough for tests and single-process
 * use (it keeps every segment; nothing expires).
 */
export class InMemoryStateBackend {
  private readonly segments = new Map<string, StateSegment>()

  write(segment: StateSegment | undefined): void {
    if (segment) this.segments.set(`${segment.shardId}:${segment.firstSequenceNumber}-${segment.lastSequenceNumber}`, structuredClone(segment))
  }

  read(shardId: string, keys: Iterable<string>, before: string | undefined): Map<string, Json> {
    const usable = [...this.segments.values()]
      .filter((s) => s.shardId === shardId && (before === undefined || compareSequenceNumbers(s.lastSequenceNumber, before) < 0))
      .sort((a, b) => compareSequenceNumbers(a.lastSequenceNumber, b.lastSequenceNumber))
    const out = new Map<string, Json>()
    for (const s of usable) {
      for (const k of keys) {
        const v = s.entries.get(k)
        if (v !== undefined) out.set(k, v)
      }
    }
    return out
  }
}
