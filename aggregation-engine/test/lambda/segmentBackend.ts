// An in-memory state backend with the read rule of DESIGN.md decision 5, for adapter tests:
// a batch reads only segments that end before its first sequence number; of several values of a
// key, the segment ending last wins.
import type { Json } from '../../src/types.js'
import type { StateSegment } from '../../src/lambda/runWindowInvocation.js'
import { compareSequenceNumbers } from '../../src/lambda/sequenceNumbers.js'

export class SegmentBackend {
  readonly segments = new Map<string, StateSegment>()
  write(segment: StateSegment | undefined) {
    if (segment) this.segments.set(`${segment.shardId}:${segment.firstSequenceNumber}-${segment.lastSequenceNumber}`, structuredClone(segment))
  }
  read(shardId: string, keys: string[], before: string | undefined): Map<string, Json> {
    const usable = [...this.segments.values()]
      .filter((s) => s.shardId === shardId && (before === undefined || compareSequenceNumbers(s.lastSequenceNumber, before) < 0))
      .sort((a, b) => compareSequenceNumbers(a.lastSequenceNumber, b.lastSequenceNumber))
    const out = new Map<string, Json>()
    for (const s of usable) for (const k of keys) if (k in s.entries) out.set(k, s.entries[k] as Json)
    return out
  }
}
