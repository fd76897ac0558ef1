import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type KinesisClientConfig,
} from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import kinesalite from 'kinesalite'
import { gunzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'

/** One record read back from the stream. */
export interface StoredRecord {
  readonly shardId: string
  readonly partitionKey: string
  readonly data: unknown
}

/** An in-process kinesalite with a client and the few operations the tests need. */
export interface LocalKinesis {
  readonly endpoint: string
  readonly client: KinesisClient
  /** Creates a stream (2 shards by default; a fresh name unless given) and waits until it is ACTIVE. */
  createStream(shardCount?: number, name?: string): Promise<string>
  /** Waits until the stream is ACTIVE again, e.g. after a SplitShard. */
  waitActive(streamName: string): Promise<void>
  /** Every record of every shard, from the trim horizon. */
  readStream(streamName: string): Promise<StoredRecord[]>
  /** The same records by shard id, with an entry (maybe empty) for every shard the stream lists. */
  readShards(streamName: string): Promise<Map<string, StoredRecord[]>>
  close(): Promise<void>
}

/** A Kinesis client for a local endpoint: dummy credentials, HTTP/1.1 (kinesalite speaks nothing else). */
export function localClient(endpoint: string, config: KinesisClientConfig = {}): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
    ...config,
  })
}

export async function startKinesalite(): Promise<LocalKinesis> {
  const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = localClient(endpoint)
  let streams = 0

  async function createStream(shardCount = 2, name = `stream-${++streams}`): Promise<string> {
    await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }))
    await waitActive(name)
    return name
  }

  async function waitActive(streamName: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { StreamDescriptionSummary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }))
      if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error(`stream ${streamName} did not become ACTIVE`)
  }

  async function readStream(streamName: string): Promise<StoredRecord[]> {
    return [...(await readShards(streamName)).values()].flat()
  }

  async function readShards(streamName: string): Promise<Map<string, StoredRecord[]>> {
    const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }))
    const byShard = new Map<string, StoredRecord[]>()
    for (const { ShardId: shardId = '' } of Shards) {
      const records: StoredRecord[] = []
      byShard.set(shardId, records)
      const start = await client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))
      let iterator = start.ShardIterator
      while (iterator !== undefined) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }))
        for (const r of page.Records ?? []) {
          const bytes = Buffer.from(r.Data ?? [])
          // gzipped JSON (the partials stream's records) is read as its JSON
          const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8')
          records.push({ shardId, partitionKey: r.PartitionKey ?? '', data: JSON.parse(text) })
        }
        iterator = page.Records?.length ? page.NextShardIterator : undefined
      }
    }
    return byShard
  }

  async function close(): Promise<void> {
    client.destroy()
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  }

  return { endpoint, client, createStream, waitActive, readStream, readShards, close }
}
