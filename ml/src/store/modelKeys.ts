/**
 * Object keys of the bid-win model in the lake bucket. Sequence numbers are left-padded so that a
 * listing (lexicographic) is sequence order:
 *   models/bid-win/latest.json                                  the pointer readers follow (one PUT switches it)
 *   models/bid-win/v<examples:12>-<hash:8>.json                 a published version (immutable)
 *   models/bid-win/shards/<shardId>/<through>.json              a shard's learner through a sequence number
 *   models/bid-win/examples/<shardId>/<last>-<first>.json       the examples one invocation produced
 */
import { MODEL_PREFIX } from '../constants.js'

const WIDTH = 40 // Kinesis sequence numbers are decimal integers below 2^128 (at most 39 digits)

const pad = (seq: string) => seq.padStart(WIDTH, '0')
const unpad = (s: string) => s.replace(/^0+(?=\d)/, '')

/** The pointer readers follow. */
export const latestKey = (prefix = MODEL_PREFIX) => `${prefix}/latest.json`
/** A published version. */
export const versionKey = (id: string, prefix = MODEL_PREFIX) => `${prefix}/${id}.json`
/** Lists the versions (and nothing else: the other names do not start with `v`). */
export const versionsPrefix = (prefix = MODEL_PREFIX) => `${prefix}/v`
/** Lists every shard's snapshots. */
export const shardSnapshotsPrefix = (prefix = MODEL_PREFIX) => `${prefix}/shards/`
/** A shard's learner through `through`. */
export const shardSnapshotKey = (shardId: string, through: string, prefix = MODEL_PREFIX) => `${prefix}/shards/${shardId}/${pad(through)}.json`
/** Lists a shard's example batches. */
export const exampleBatchesPrefix = (shardId: string, prefix = MODEL_PREFIX) => `${prefix}/examples/${shardId}/`
/** The examples of the invocation that covered records `first`..`last`. */
export const exampleBatchKey = (shardId: string, first: string, last: string, prefix = MODEL_PREFIX) =>
  `${prefix}/examples/${shardId}/${pad(last)}-${pad(first)}.json`

/** Shard and sequence number named by a {@link shardSnapshotKey}. */
export function parseShardSnapshotKey(key: string): { shardId: string; through: string } | undefined {
  const m = /\/shards\/([^/]+)\/(\d+)\.json$/.exec(key)
  return m ? { shardId: m[1] as string, through: unpad(m[2] as string) } : undefined
}

/** Sequence range named by an {@link exampleBatchKey}. */
export function parseExampleBatchKey(key: string): { first: string; last: string } | undefined {
  const m = /\/(\d+)-(\d+)\.json$/.exec(key)
  return m ? { last: unpad(m[1] as string), first: unpad(m[2] as string) } : undefined
}

/** The version id named by a {@link versionKey}. */
export function parseVersionKey(key: string): string | undefined {
  return /\/(v\d{12}-[0-9a-f]{8})\.json$/.exec(key)?.[1]
}
