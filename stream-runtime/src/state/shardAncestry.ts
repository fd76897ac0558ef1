import { ListShardsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis'

/**
 * Ancestors of a shard, oldest first, from ListShards' `ParentShardId`/`AdjacentParentShardId`:
 * after a split or merge, a child shard inherits its parents' join state (DESIGN.md decision 4).
 * The shard list is cached and re-read when a shard id is not in it.
 */
export function shardAncestry(kinesis: KinesisClient, streamName: string): (shardId: string) => Promise<string[]> {
  let shards = new Map<string, Shard>()
  const refresh = async () => {
    const next = new Map<string, Shard>()
    let token: string | undefined
    do {
      const page = await kinesis.send(new ListShardsCommand(token ? { NextToken: token } : { StreamName: streamName }))
      for (const s of page.Shards ?? []) if (s.ShardId) next.set(s.ShardId, s)
      token = page.NextToken
    } while (token)
    shards = next
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
