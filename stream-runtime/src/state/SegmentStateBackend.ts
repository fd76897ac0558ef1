import { compareSequenceNumbers, type Json, type StateSegment } from '@sdp/aggregation-engine'
import type { ObjectStore } from './ObjectStore.js'
import { checkpointKey, parseStateKey, segmentKey, shardPrefix } from './segmentKeys.js'
import { StateFormatError } from '../errors.js'

/** One key's value and the arrival time of the batch that wrote it (for expiry). */
interface Entry {
  v: Json
  at: number
}

/** Stored form of a segment or checkpoint. */
interface StoredState {
  v: 1
  at: number
  entries: Record<string, [Json, number]>
}

/** Options of {@link SegmentStateBackend}. */
export interface SegmentStateBackendOptions {
  readonly store: ObjectStore
  /** Key prefix, e.g. `state/reporting`. */
  readonly prefix: string
  /** Ancestors of a shard, oldest first (from ListShards' ParentShardId), whose final state a child inherits. */
  readonly ancestors: (shardId: string) => Promise<readonly string[]>
  /** Entries not written for this long (by stream arrival time) are dropped at checkpoints. */
  readonly retentionMs: number
}

/** Merged state of one shard held by a warm container, valid through sequence number `through`. */
interface ShardCache {
  through: string | undefined
  entries: Map<string, Entry>
}

/**
 * The state backend of DESIGN.md decision 5 over an object store: each invocation's writes become
 * a segment named by its sequence range, every Lambda window ends with a checkpoint of the merged
 * state, and a read sees exactly the segments that end before the batch's first record — so a
 * retried, bisected or doubled invocation reads what the first run read and rewrites the same bytes.
 * A warm container keeps the merged state in memory and trusts it only when the Lambda `state`
 * says the previous invocation ended where the cache does.
 */
export class SegmentStateBackend {
  private readonly caches = new Map<string, ShardCache>()

  constructor(private readonly options: SegmentStateBackendOptions) {}

  /**
   * Current values of `keys` for a batch starting at `before` (undefined: an empty batch).
   * `previous` is the last sequence number the Lambda `state` says this window processed.
   */
  async read(shardId: string, keys: Iterable<string>, before: string | undefined, previous: string | undefined): Promise<Map<string, Json>> {
    let cache = this.caches.get(shardId)
    if (!cache || previous === undefined || cache.through !== previous) {
      cache = await this.load(shardId, before)
      this.caches.set(shardId, cache)
    }
    const out = new Map<string, Json>()
    for (const k of keys) {
      const e = cache.entries.get(k)
      if (e) out.set(k, e.v)
    }
    return out
  }

  /** Stores one invocation's writes, then applies them to the warm cache. */
  async write(segment: StateSegment, arrivalTime: number): Promise<void> {
    const stored: StoredState = { v: 1, at: arrivalTime, entries: {} }
    for (const [k, v] of segment.entries) stored.entries[k] = [v, arrivalTime]
    const { prefix, store } = this.options
    await store.put(segmentKey(prefix, segment.shardId, segment.firstSequenceNumber, segment.lastSequenceNumber), JSON.stringify(stored))
    const cache = this.caches.get(segment.shardId)
    if (!cache) return
    for (const [k, v] of segment.entries) cache.entries.set(k, { v, at: arrivalTime })
    cache.through = segment.lastSequenceNumber
  }

  /**
   * Writes the merged state through `through` (the Lambda window's last record) as a checkpoint,
   * dropping entries older than the retention, and deletes what the previous checkpoint made redundant.
   */
  async checkpoint(shardId: string, through: string): Promise<void> {
    const { prefix, store, retentionMs } = this.options
    let cache = this.caches.get(shardId)
    if (!cache || cache.through !== through) {
      cache = await this.load(shardId, undefined, through)
      this.caches.set(shardId, cache)
    }
    let newest = 0
    for (const e of cache.entries.values()) newest = Math.max(newest, e.at)
    const stored: StoredState = { v: 1, at: newest, entries: {} }
    for (const [k, e] of cache.entries) {
      if (e.at < newest - retentionMs) cache.entries.delete(k)
      else stored.entries[k] = [e.v, e.at]
    }
    await store.put(checkpointKey(prefix, shardId, through), JSON.stringify(stored))
    // Everything up to the previous checkpoint is now covered twice over; keep the rest for retries.
    const listed = await this.listState(shardId)
    const ckpts = listed.filter((s) => s.kind === 'ckpt' && compareSequenceNumbers(s.last, through) < 0)
    const previous = ckpts[ckpts.length - 1]
    if (!previous) return
    const redundant = listed.filter((s) => compareSequenceNumbers(s.last, previous.last) < 0 || (s.kind === 'seg' && s.last === previous.last))
    if (redundant.length > 0) await store.delete(redundant.map((s) => s.key))
  }

  private async listState(shardId: string) {
    const keys = await this.options.store.list(shardPrefix(this.options.prefix, shardId))
    const out: Array<{ key: string; kind: 'seg' | 'ckpt'; last: string }> = []
    for (const key of keys) {
      const parsed = parseStateKey(key)
      if (parsed) out.push({ key, ...parsed })
    }
    return out.sort((a, b) => compareSequenceNumbers(a.last, b.last) || (a.kind === b.kind ? 0 : a.kind === 'ckpt' ? -1 : 1))
  }

  /** Merges ancestors' final state, then this shard's latest usable checkpoint and the segments after it. */
  private async load(shardId: string, before: string | undefined, through?: string): Promise<ShardCache> {
    const entries = new Map<string, Entry>()
    for (const ancestor of await this.options.ancestors(shardId)) await this.mergeShard(ancestor, entries, undefined, undefined)
    const last = await this.mergeShard(shardId, entries, before, through)
    return { through: last, entries }
  }

  private async mergeShard(shardId: string, into: Map<string, Entry>, before: string | undefined, through: string | undefined) {
    const usable = (await this.listState(shardId)).filter(
      (s) => (before === undefined || compareSequenceNumbers(s.last, before) < 0) && (through === undefined || compareSequenceNumbers(s.last, through) <= 0),
    )
    let startAt = 0
    for (let i = usable.length - 1; i >= 0; i--) {
      if (usable[i]?.kind === 'ckpt') {
        startAt = i
        break
      }
    }
    let last: string | undefined
    for (const s of usable.slice(startAt)) {
      const body = await this.options.store.get(s.key)
      if (!body) continue // deleted by a concurrent checkpoint: what it held is in that checkpoint
      const stored = parseStored(s.key, body)
      for (const [k, [v, at]] of Object.entries(stored.entries)) into.set(k, { v, at })
      last = s.last
    }
    return last
  }
}

function parseStored(key: string, body: Uint8Array): StoredState {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'))
  } catch (error) {
    throw new StateFormatError(`state object ${key} is not JSON: ${(error as Error).message}`)
  }
  const v = value as Partial<StoredState>
  if (v?.v !== 1 || typeof v.entries !== 'object' || v.entries === null) throw new StateFormatError(`state object ${key} has an unknown format`)
  return v as StoredState
}
