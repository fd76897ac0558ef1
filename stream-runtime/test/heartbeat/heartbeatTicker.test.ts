import { KinesisClient, ListShardsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis'
import { Heartbeat } from '@sdp/catalog'
import { startKinesalite, type LocalKinesis } from '../../../test-support/localKinesis.js'
import t, { type Test } from 'tap'
import { HEARTBEAT, HeartbeatOptionsError, startHeartbeatTicker, writeHeartbeats, type HeartbeatRecord } from '../../src/heartbeat/index.js'

const STREAM = 'heartbeat-test'

async function startKinesis(t: Test): Promise<LocalKinesis> {
  const local = await startKinesalite()
  t.teardown(() => local.close())
  await local.createStream(3, STREAM)
  return local
}

/** Every heartbeat in the stream, keyed by the shard that actually holds it. */
async function heartbeatsByShard(local: LocalKinesis): Promise<Map<string, HeartbeatRecord[]>> {
  const byShard = await local.readShards(STREAM)
  return new Map([...byShard].map(([shardId, records]) => [shardId, records.map((r) => r.data as HeartbeatRecord)]))
}

t.test('writeHeartbeats puts exactly one heartbeat into each open shard', async (t) => {
  const local = await startKinesis(t)
  const kinesis = local.client
  const tick = await writeHeartbeats({ kinesis, streamName: STREAM, now: () => 1_000 })
  t.same([...tick.shardIds].sort(), ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002'])
  const byShard = await heartbeatsByShard(local)
  for (const [shardId, records] of byShard) {
    t.same(records, [{ type: HEARTBEAT.type, ts: 1_000, shard_id: shardId }], `${shardId} holds its own heartbeat`)
    t.equal(Heartbeat.decode(records[0])._tag, 'Right', "the catalog's Heartbeat codec accepts it")
  }
})

t.test('after a SplitShard the children get one heartbeat per tick and the closed parent none', async (t) => {
  const local = await startKinesis(t)
  const kinesis = local.client
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
  await local.waitActive(STREAM)
  const tick = await writeHeartbeats({ kinesis, streamName: STREAM, now: () => 2 })
  t.equal(tick.shardIds.length, 4, 'four shards are open after the split')
  t.notOk(tick.shardIds.includes(parent?.ShardId ?? ''), 'the closed parent is not targeted')

  const byShard = await heartbeatsByShard(local)
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
  const local = await startKinesis(t)
  const kinesis = local.client
  const ticks: number[] = []
  let clock = 100
  let threeTicks = () => {}
  const ticked = new Promise<void>((resolve) => (threeTicks = resolve))
  const ticker = startHeartbeatTicker({
    kinesis,
    streamName: STREAM,
    intervalMs: 20,
    now: () => (clock += 1),
    onTick: (tick) => {
      if (ticks.push(tick.ts) === 3) threeTicks()
    },
  })
  await ticked
  await ticker.stop()
  await ticker.stop()
  t.ok(ticks.length >= 3, 'ticked at least three times')

  const byShard = await heartbeatsByShard(local)
  for (const [shardId, records] of byShard) {
    t.same(
      records.map((r) => r.ts),
      ticks,
      `${shardId} received exactly one heartbeat per tick, in tick order`,
    )
  }
})

t.test('the ticker rejects a non-positive interval', async (t) => {
  t.throws(() => startHeartbeatTicker({ kinesis: new KinesisClient({}), streamName: STREAM, intervalMs: 0 }), HeartbeatOptionsError)
})
