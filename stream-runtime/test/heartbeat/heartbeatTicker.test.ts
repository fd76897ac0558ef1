import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis'
import { Heartbeat } from '@sdp/catalog'
import { startKinesalite } from '../../../test-support/localKinesis.js'
import t, { type Test } from 'tap'
import {
  HEARTBEAT,
  HeartbeatOptionsError,
  startHeartbeatTicker,
  writeHeartbeats,
  type HeartbeatRecord,
} from '../../src/heartbeat/index.js'

const STREAM = 'heartbeat-test'

async function startKinesis(t: Test): Promise<KinesisClient> {
  const local = await startKinesalite()
  t.teardown(() => local.close())
  await local.createStream(3, STREAM)
  return local.client
}

async function waitActive(kinesis: KinesisClient): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: STREAM }),
    )
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return
    if (Date.now() > deadline) throw new Error('stream did not become ACTIVE')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Every heartbeat in the stream, keyed by the shard that actually holds it. */
async function heartbeatsByShard(kinesis: KinesisClient): Promise<Map<string, HeartbeatRecord[]>> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: STREAM }))
  const byShard = new Map<string, HeartbeatRecord[]>()
  for (const shard of Shards) {
    const shardId = shard.ShardId ?? ''
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: STREAM, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
    )
    const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }))
    byShard.set(
      shardId,
      Records.map((r) => JSON.parse(Buffer.from(r.Data ?? []).toString('utf8')) as HeartbeatRecord),
    )
  }
  return byShard
}

t.test('writeHeartbeats puts exactly one heartbeat into each open shard', async (t) => {
  const kinesis = await startKinesis(t)
  const tick = await writeHeartbeats({ kinesis, streamName: STREAM, now: () => 1_000 })
  t.same([...tick.shardIds].sort(), ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002'])
  const byShard = await heartbeatsByShard(kinesis)
  for (const [shardId, records] of byShard) {
    t.same(records, [{ type: HEARTBEAT.type, ts: 1_000, shard_id: shardId }], `${shardId} holds its own heartbeat`)
    t.equal(Heartbeat.decode(records[0])._tag, 'Right', "the catalog's Heartbeat codec accepts it")
  }
})

t.test('after a SplitShard the children get one heartbeat per tick and the closed parent none', async (t) => {
  const kinesis = await startKinesis(t)
  await writeHeartbeats({ kinesis, streamName: STREAM, now: () => 1 })
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: STREAM }))
  const parent = Shards[1]
  const start = BigInt(parent?.HashKeyRange?.StartingHashKey ?? '0')
  const end = BigInt(parent?.HashKeyRange?.EndingHashKey ?? '0')
  await kinesis.send(
    new SplitShardCommand({
      StreamName: STREAM,
      ShardToSplit: parent?.ShardId,
      NewStartingHashKey: ((start + end) / 2n).toString(),
    }),
  )
  await waitActive(kinesis)
  const tick = await writeHeartbeats({ kinesis, streamName: STREAM, now: () => 2 })
  t.equal(tick.shardIds.length, 4, 'four shards are open after the split')
  t.notOk(tick.shardIds.includes(parent?.ShardId ?? ''), 'the closed parent is not targeted')

  const byShard = await heartbeatsByShard(kinesis)
  for (const [shardId, records] of byShard) {
    const second = records.filter((r) => r.ts === 2)
    if (shardId === parent?.ShardId) {
      t.same(second, [], 'the closed parent gets no heartbeat')
    } else {
      t.same(second, [{ type: 'heartbeat', ts: 2, shard_id: shardId }], `${shardId} gets exactly one`)
    }
  }
})

t.test('the ticker writes one heartbeat per open shard per tick until stopped', async (t) => {
  const kinesis = await startKinesis(t)
  const ticks: number[] = []
  let clock = 100
  const ticker = startHeartbeatTicker({
    kinesis,
    streamName: STREAM,
    intervalMs: 20,
    now: () => (clock += 1),
    onTick: (tick) => ticks.push(tick.ts),
  })
  const deadline = Date.now() + 10_000
  while (ticks.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
  await ticker.stop()
  await ticker.stop()
  t.ok(ticks.length >= 3, 'ticked at least three times')

  const byShard = await heartbeatsByShard(kinesis)
  for (const [shardId, records] of byShard) {
    t.same(
      records.map((r) => r.ts),
      ticks,
      `${shardId} received exactly one heartbeat per tick, in tick order`,
    )
  }
})

t.test('the ticker rejects a non-positive interval', async (t) => {
  t.throws(
    () => startHeartbeatTicker({ kinesis: new KinesisClient({}), streamName: STREAM, intervalMs: 0 }),
    HeartbeatOptionsError,
  )
})
