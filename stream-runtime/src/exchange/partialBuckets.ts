import { createHash } from 'node:crypto'

/**
 * How many fixed groups the keys of a partials stream fall into. A key's group never changes, and
 * each group is written with one explicit hash key, so every key lives on exactly one shard of the
 * partials stream at any time — before, during and after a reshard — and stage 2 has one writer
 * per key. It is also the most shards of the partials stream that can share the work.
 */
export const PARTIAL_BUCKETS = 64

const HASH_SPACE = 1n << 128n
const BUCKET_WIDTH = HASH_SPACE / BigInt(PARTIAL_BUCKETS)

/** Directory slots of the results store: four per key group, so each slot has one writer. */
export const DIRECTORY_SLOTS = 256

/** The directory slot of a key: the first byte of its MD5 (its group is `slot >> 2`). */
export function slotOf(key: string): number {
  return createHash('md5').update(key).digest().readUInt8(0)
}

/** The fixed group of an aggregation key: the top bits of its MD5, as Kinesis hashes partition keys. */
export function bucketOf(key: string): number {
  return Math.floor((slotOf(key) * PARTIAL_BUCKETS) / DIRECTORY_SLOTS)
}

const HASH_KEYS = Array.from({ length: PARTIAL_BUCKETS }, (_, b) => (BigInt(b) * BUCKET_WIDTH + BUCKET_WIDTH / 2n).toString())

/**
 * The `ExplicitHashKey` every record of a group is written with: the middle of the group's 1/64 of
 * the hash space, so shards split evenly (any power of two up to 64) never cut a group in two.
 */
export function bucketHashKey(bucket: number): string {
  const key = HASH_KEYS[bucket]
  if (key === undefined) throw new RangeError(`bucket must be an integer from 0 to ${PARTIAL_BUCKETS - 1}, got ${bucket}`)
  return key
}
