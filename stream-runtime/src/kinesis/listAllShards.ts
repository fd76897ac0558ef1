import { ListShardsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis'

/** Every shard of the stream, open and closed, following `NextToken` pages. */
export async function listAllShards(kinesis: KinesisClient, streamName: string): Promise<Shard[]> {
  const shards: Shard[] = []
  let nextToken: string | undefined
  do {
    const page = await kinesis.send(new ListShardsCommand(nextToken === undefined ? { StreamName: streamName } : { NextToken: nextToken }))
    shards.push(...(page.Shards ?? []))
    nextToken = page.NextToken
  } while (nextToken !== undefined)
  return shards
}
