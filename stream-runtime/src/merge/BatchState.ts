import { compareSequenceNumbers, type Json } from '@sdp/aggregation-engine'
import type { PartialsRecord } from '../exchange/PartialsRecord.js'
import { stateKey } from './resultKeys.js'

/** Value of a `w|` state entry: per stage-1 shard, the `[through, part]` merged last. */
type MarksEntry = Record<string, [string, number]>

/**
 * The state one stage-2 batch works on: the entries read as of its first record, and the batch's
 * own copies of those it changes (`writes`, stored as its segment). Fetched values are never
 * changed, so a retried batch starts from the very same values.
 */
export class BatchState {
  readonly writes = new Map<string, Json>()

  constructor(private readonly fetched: ReadonlyMap<string, Json>) {}

  /** An entry's value as the batch has it now. */
  get(key: string): Json | undefined {
    return this.writes.has(key) ? this.writes.get(key) : this.fetched.get(key)
  }

  /** Replaces an entry's value. */
  set(key: string, value: Json): void {
    this.writes.set(key, value)
  }

  /** The batch's own copy of an object entry, made at its first change. */
  own<T>(key: string): Record<string, T> {
    let value = this.writes.get(key) as Record<string, T> | undefined
    if (!value) this.writes.set(key, (value = { ...((this.fetched.get(key) ?? {}) as Record<string, T>) }) as unknown as Json)
    return value
  }

  /**
   * Whether the record is new: its `(through, part)` is beyond the mark of its (source, bucket),
   * which it then becomes. A record that is not new is a resend of content merged before (a
   * retried or bisected stage-1 invocation) and must be skipped. Depends on the record alone,
   * never on how the records were batched.
   */
  claim(record: PartialsRecord): boolean {
    const marksKey = stateKey.watermarks(record.bucket)
    const mark = ((this.get(marksKey) ?? {}) as MarksEntry)[record.source]
    if (mark && (compareSequenceNumbers(record.through, mark[0]) || record.part - mark[1]) <= 0) return false
    this.own<[string, number]>(marksKey)[record.source] = [record.through, record.part]
    return true
  }
}
