import type { KinesisClient, Shard } from '@aws-sdk/client-kinesis'
import { listAllShards } from '../kinesis/listAllShards.js'

/**
 * Ancestors of a shard, oldest first, from ListShards' `ParentShardId`/`AdjacentParentShardId`:
 * after a split or merge, a child shard inherits its parents' join state, so joins hold across a reshard.
 * The shard list is cached and re-read when a shard id is not in it.
 */
export function shardAncestry(kinesis: KinesisClient, streamName: string): (shardId: string) => Promise<string[]> {
  let shards = new Map<string, Shard>()
  const refresh = async () => {
    shards = new Map((await listAllShards(kinesis, streamName)).map((s) => [s.ShardId ?? '', s]))
  }
  return async (shardId) => {
    if (!shards.has(shardId)) await refresh()
    const out: string[] = []
    const visit = (id: string | undefined, seen: Set<string>) => {
      if (!id || seen.has(id)) return
      seen.add(id)
      const s = shards.get(id)
      visit(s?.ParentShardId, seen)
      visit(s?.AdjacentParentShardId, seen)
      if (id !== shardId) out.push(id)
    }
    visit(shardId, new Set())
    return out
  }
}
