import { compareSequenceNumbers, type Json, type StateSegment } from '@sdp/aggregation-engine'
import type { ObjectStore } from './ObjectStore.js'
import { checkpointKey, parseStateKey, segmentKey, shardPrefix, type StateObjectKind } from './segmentKeys.js'
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
  /** Entries not written for this long (by stream arrival time) are dropped at full checkpoints. */
  readonly retentionMs: number
  /** Entries that never expire, whatever their age (a key's running totals). @default none */
  readonly keep?: (key: string) => boolean
  /**
   * Every how many checkpoints one holds the whole state; the others hold only what changed since
   * the checkpoint before them. @default 10
   */
  readonly fullCheckpointEvery?: number
}

/** Merged state of one shard held by a warm container, valid through sequence number `through`. */
interface ShardCache {
  through: string | undefined
  entries: Map<string, Entry>
  /** Keys written after the checkpoint through `changedAfter` (undefined: after none): the next delta. */
  changed: Set<string>
  changedAfter: string | undefined
}

/** A listed state object. */
interface StateObject {
  readonly key: string
  readonly kind: StateObjectKind
  readonly last: string
}

/**
 * The state backend (docs/architecture.md, "State backend") over an object store: each invocation's writes become
 * a segment named by its sequence range, every Lambda window ends with a checkpoint, and a read
 * sees exactly the objects that end before the batch's first record — so a retried, bisected or
 * doubled invocation reads what the first run read and rewrites the same bytes. A warm container
 * keeps the merged state in memory and trusts it when the Lambda `state` says the previous
 * invocation ended where the cache does, or, at a window's first invocation, when the shard's
 * latest object before the batch is the checkpoint where the cache stands.
 *
 * Most checkpoints are deltas (the keys written since the checkpoint before); every
 * `fullCheckpointEvery`-th holds the whole state and drops expired entries. A join index of
 * twenty minutes of traffic is written once every ten windows instead of at every window, and a
 * cold start reads the last full checkpoint, the deltas after it and the segments after those.
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
      // A new Lambda window's state names no invocation before it: the listing tells instead.
      const listed = cache && previous === undefined ? await this.listState(shardId) : undefined
      if (!cache || !listed || !isCheckpointedLatest(cache, listed, before)) {
        cache = await this.load(shardId, before, undefined, listed)
        this.caches.set(shardId, cache)
      }
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
    for (const [k, v] of segment.entries) {
      cache.entries.set(k, { v, at: arrivalTime })
      cache.changed.add(k)
    }
    cache.through = segment.lastSequenceNumber
  }

  /**
   * Notes that an invocation through `through` stored nothing (its writes ride in Lambda's
   * `state`), so a warm cache that was current for it stays current for the next one.
   */
  advance(shardId: string, through: string): void {
    const cache = this.caches.get(shardId)
    if (cache) cache.through = through
  }

  /**
   * Writes a checkpoint through `through` (the Lambda window's last record) — the whole state,
   * without expired entries, when one is due, else the keys changed since the previous checkpoint
   * — and deletes what the previous checkpoint made redundant.
   */
  async checkpoint(shardId: string, through: string): Promise<void> {
    const { prefix, store } = this.options
    const every = this.options.fullCheckpointEvery ?? 10
    const listed = await this.listState(shardId)
    const before = listed.filter((s) => compareSequenceNumbers(s.last, through) < 0)
    const checkpoints = before.filter((s) => s.kind !== 'seg')
    const previous = checkpoints.at(-1)
    let cache = this.caches.get(shardId)
    // The delta must hold what changed since `previous` — also when this checkpoint is a retry.
    if (!cache || cache.through !== through || cache.changedAfter !== previous?.last) {
      cache = await this.load(shardId, undefined, through, listed)
      this.caches.set(shardId, cache)
    }
    const lastFull = lastIndexOf(checkpoints, (s) => s.kind === 'ckpt')
    // Decided from the stored objects alone, so a retried checkpoint decides alike.
    const full = lastFull < 0 || checkpoints.length - 1 - lastFull >= every - 1
    const stored = full ? this.fullContent(cache) : deltaContent(cache)
    await store.put(checkpointKey(prefix, shardId, through, full ? 'ckpt' : 'delta'), JSON.stringify(stored))
    cache.changed.clear()
    cache.changedAfter = through
    // Reads after the previous checkpoint (retries of this window) still need it, the full
    // checkpoint it extends and the deltas between them; everything older and the segments the
    // previous checkpoint covers are redundant.
    if (!previous) return
    const base = checkpoints[lastFull]
    const redundant = before.filter(
      (s) => (base !== undefined && compareSequenceNumbers(s.last, base.last) < 0) || (s.kind === 'seg' && compareSequenceNumbers(s.last, previous.last) <= 0),
    )
    if (redundant.length > 0) await store.delete(redundant.map((s) => s.key))
  }

  /** The whole state as a full checkpoint, dropping (from the cache too) entries past retention that are not kept. */
  private fullContent(cache: ShardCache): StoredState {
    const { retentionMs, keep } = this.options
    let newest = 0
    for (const e of cache.entries.values()) newest = Math.max(newest, e.at)
    const stored: StoredState = { v: 1, at: newest, entries: {} }
    for (const [k, e] of cache.entries) {
      if (e.at < newest - retentionMs && !keep?.(k)) cache.entries.delete(k)
      else stored.entries[k] = [e.v, e.at]
    }
    return stored
  }

  private async listState(shardId: string): Promise<StateObject[]> {
    const keys = await this.options.store.list(shardPrefix(this.options.prefix, shardId))
    const out: StateObject[] = []
    for (const key of keys) {
      const parsed = parseStateKey(key)
      if (parsed) out.push({ key, ...parsed })
    }
    // At one sequence number: the full checkpoint, then a delta, then the segment they cover.
    const rank = { ckpt: 0, delta: 1, seg: 2 }
    return out.sort((a, b) => compareSequenceNumbers(a.last, b.last) || rank[a.kind] - rank[b.kind])
  }

  /**
   * Merges ancestors' final state, then this shard's state for a batch starting at `before`, or
   * through `through` for a checkpoint there (checkpoints at `through` itself, of an earlier
   * attempt, are left out so that `changed` is what the window wrote). `listed`: the shard's
   * {@link listState} when the caller already has it, to save a second LIST.
   */
  private async load(shardId: string, before: string | undefined, through?: string, listed?: StateObject[]): Promise<ShardCache> {
    const entries = new Map<string, Entry>()
    for (const ancestor of await this.options.ancestors(shardId)) await this.mergeShard(ancestor, entries, () => true)
    const usable = (s: StateObject) =>
      before !== undefined
        ? compareSequenceNumbers(s.last, before) < 0
        : through === undefined || compareSequenceNumbers(s.last, through) < (s.kind === 'seg' ? 1 : 0)
    const changed = new Set<string>()
    const merged = await this.mergeShard(shardId, entries, usable, changed, listed)
    return { through: merged.last, entries, changed, changedAfter: merged.checkpoint }
  }

  /**
   * Applies a shard's usable objects to `into`: the latest full checkpoint, the deltas after it up
   * to the latest checkpoint, then the segments after that (whose keys go to `changed`). Returns
   * the last sequence number applied and the latest checkpoint's. `listed`: the shard's
   * {@link listState}, listed here unless given.
   */
  private async mergeShard(shardId: string, into: Map<string, Entry>, isUsable: (s: StateObject) => boolean, changed?: Set<string>, listed?: StateObject[]) {
    const usable = (listed ?? (await this.listState(shardId))).filter(isUsable)
    const latest = lastIndexOf(usable, (s) => s.kind !== 'seg')
    const base = lastIndexOf(usable.slice(0, latest + 1), (s) => s.kind === 'ckpt')
    if (latest >= 0 && base < 0)
      throw new StateFormatError(`state of shard ${shardId}: delta checkpoint ${usable[latest]?.key} has no full checkpoint before it`)
    const checkpoint = usable[latest]?.last
    let last: string | undefined
    for (const [i, s] of usable.entries()) {
      const after = checkpoint === undefined || compareSequenceNumbers(s.last, checkpoint) > 0
      if (i < base || (s.kind === 'seg' && !after)) continue // covered by the checkpoints
      const body = await this.options.store.get(s.key)
      if (!body) continue // deleted by a concurrent checkpoint: what it held is in that checkpoint
      const stored = parseStored(s.key, body)
      for (const [k, [v, at]] of Object.entries(stored.entries)) {
        into.set(k, { v, at })
        if (after) changed?.add(k)
      }
      last = s.last
    }
    return { last, checkpoint }
  }
}

/**
 * Whether the warm `cache` is what a load for a batch starting at `before` (undefined: an empty
 * batch) would read: the cache was checkpointed where it stands, and that checkpoint is the
 * latest of the shard's objects such a load would use — no other container has stored anything
 * since, and a retry of the batch would read the same.
 */
function isCheckpointedLatest(cache: ShardCache, listed: readonly StateObject[], before: string | undefined): boolean {
  if (cache.through === undefined || cache.changed.size > 0 || cache.changedAfter !== cache.through) return false
  const usable = before === undefined ? listed : listed.filter((s) => compareSequenceNumbers(s.last, before) < 0)
  const last = usable.at(-1)?.last
  return last !== undefined && compareSequenceNumbers(last, cache.through) === 0 && usable.some((s) => s.kind !== 'seg' && s.last === last)
}

/** Index of the last object that `test` accepts, or -1 (the library targets ES2022: no `findLastIndex`). */
function lastIndexOf(objects: readonly StateObject[], test: (s: StateObject) => boolean): number {
  for (let i = objects.length - 1; i >= 0; i--) if (test(objects[i] as StateObject)) return i
  return -1
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

/** The entries changed since the previous checkpoint, as a delta checkpoint. */
function deltaContent(cache: ShardCache): StoredState {
  const stored: StoredState = { v: 1, at: 0, entries: {} }
  for (const k of cache.changed) {
    const e = cache.entries.get(k) as Entry
    stored.entries[k] = [e.v, e.at]
    stored.at = Math.max(stored.at, e.at)
  }
  return stored
}
