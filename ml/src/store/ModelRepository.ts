import { compareSequenceNumbers } from '@sdp/aggregation-engine'
import type { ObjectStore } from '@sdp/stream-runtime'
import { MODEL_PREFIX } from '../constants.js'
import type { TrainingExample } from '../job/TrainingExample.js'
import type { FtrlModelOptions } from '../model/FtrlModel.js'
import { decodeExampleBatch, encodeExampleBatch } from './exampleBatch.js'
import {
  exampleBatchKey,
  exampleBatchesPrefix,
  latestKey,
  parseExampleBatchKey,
  parseShardSnapshotKey,
  parseVersionKey,
  shardSnapshotKey,
  shardSnapshotsPrefix,
  versionKey,
  versionsPrefix,
} from './modelKeys.js'
import { decodeLatestPointer, decodeModelVersion, encodeLatestPointer, encodeModelVersion, type LatestPointer, type ModelVersion } from './ModelVersion.js'
import { decodeShardSnapshot, encodeShardSnapshot, type ShardSnapshot } from './ShardSnapshot.js'
import { ModelStoreError } from '../errors.js'

/** A stored object named by a sequence range or number. */
export interface StoredBatch {
  readonly key: string
  readonly first: string
  readonly last: string
}

/** A stored shard snapshot, by name. */
export interface StoredShardSnapshot {
  readonly key: string
  readonly shardId: string
  readonly through: string
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8')

/**
 * The bid-win model's objects in the lake (keys in `modelKeys.ts`): example batches, shard
 * snapshots, versions and the `latest` pointer. Every write is a whole object under a name derived
 * from what it holds, so a retry rewrites the same bytes; `publish` writes the version first and
 * the pointer last, so a reader that follows the pointer always finds a complete version.
 */
export class ModelRepository {
  constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string = MODEL_PREFIX,
  ) {}

  async putExamples(shardId: string, first: string, last: string, examples: readonly TrainingExample[]): Promise<void> {
    await this.store.put(exampleBatchKey(shardId, first, last, this.prefix), encodeExampleBatch(shardId, first, last, examples))
  }

  /** The shard's example batches, ordered by last then first sequence number. */
  async listExampleBatches(shardId: string): Promise<StoredBatch[]> {
    const out: StoredBatch[] = []
    for (const key of await this.store.list(exampleBatchesPrefix(shardId, this.prefix))) {
      const range = parseExampleBatchKey(key)
      if (range) out.push({ key, ...range })
    }
    return out.sort((a, b) => compareSequenceNumbers(a.last, b.last) || compareSequenceNumbers(a.first, b.first))
  }

  async readExamples(key: string): Promise<TrainingExample[]> {
    return decodeExampleBatch(key, text(await this.required(key)))
  }

  /** Every shard's snapshots, each list ordered by `through`. */
  async listShardSnapshots(): Promise<Map<string, StoredShardSnapshot[]>> {
    const out = new Map<string, StoredShardSnapshot[]>()
    for (const key of await this.store.list(shardSnapshotsPrefix(this.prefix))) {
      const parsed = parseShardSnapshotKey(key)
      if (!parsed) continue
      const list = out.get(parsed.shardId) ?? []
      list.push({ key, ...parsed })
      out.set(parsed.shardId, list)
    }
    for (const list of out.values()) list.sort((a, b) => compareSequenceNumbers(a.through, b.through))
    return out
  }

  async readShardSnapshot(key: string, options: FtrlModelOptions = {}): Promise<ShardSnapshot> {
    return decodeShardSnapshot(key, text(await this.required(key)), options)
  }

  async putShardSnapshot(snapshot: ShardSnapshot): Promise<string> {
    const key = shardSnapshotKey(snapshot.shardId, snapshot.through, this.prefix)
    await this.store.put(key, encodeShardSnapshot(snapshot))
    return key
  }

  /** The `latest` pointer, or undefined before the first version. */
  async readLatest(): Promise<LatestPointer | undefined> {
    const key = latestKey(this.prefix)
    const body = await this.store.get(key)
    return body === undefined ? undefined : decodeLatestPointer(key, text(body))
  }

  /** A version by the key the pointer names, or undefined when it is gone (pruned since the pointer was read). */
  async readVersion(key: string): Promise<ModelVersion | undefined> {
    const body = await this.store.get(key)
    return body === undefined ? undefined : decodeModelVersion(key, text(body))
  }

  /** Writes the version, then moves `latest` to it with one PUT. */
  async publish(version: ModelVersion): Promise<LatestPointer> {
    const key = versionKey(version.id, this.prefix)
    await this.store.put(key, encodeModelVersion(version))
    const pointer: LatestPointer = {
      id: version.id,
      key,
      shards: version.shards,
      examples: version.examples,
      eventTime: version.eventTime,
      metrics: version.metrics,
      ...(version.heldOut ? { heldOut: version.heldOut } : {}),
    }
    await this.store.put(latestKey(this.prefix), encodeLatestPointer(pointer))
    return pointer
  }

  /** Version ids in name order (by example count, then composition hash). */
  async listVersions(): Promise<Array<{ key: string; id: string }>> {
    const out: Array<{ key: string; id: string }> = []
    for (const key of await this.store.list(versionsPrefix(this.prefix))) {
      const id = parseVersionKey(key)
      if (id) out.push({ key, id })
    }
    return out
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.store.delete(keys)
  }

  private async required(key: string): Promise<Uint8Array> {
    const body = await this.store.get(key)
    // Listed a moment ago: gone means another writer pruned it; failing lets Lambda retry with a fresh listing.
    if (body === undefined) throw new ModelStoreError(`${key} was listed but no longer exists`)
    return body
  }
}
