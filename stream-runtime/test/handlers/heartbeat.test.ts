import t from 'tap'
import { startKinesalite } from '../../../test-support/localKinesis.js'
import { ConfigError } from '@sdp/service-kit'
import { createHeartbeatHandler, heartbeatHandlerFromEnv } from '../../src/handlers/heartbeat.js'
import type { HeartbeatRecord } from '../../src/heartbeat/index.js'

const STREAM = 'heartbeat-handler-test'

const local = await startKinesalite()
t.teardown(() => local.close())
const kinesis = local.client
const endpoint = local.endpoint
await local.createStream(2, STREAM)

/** Every record of the stream's shards, by shard id. */
async function recordsByShard(): Promise<Map<string, HeartbeatRecord[]>> {
  const byShard = await local.readShards(STREAM)
  return new Map([...byShard].map(([shardId, records]) => [shardId, records.map((r) => r.data as HeartbeatRecord)]))
}

t.test('each invocation writes one heartbeat into every open shard', async (t) => {
  let clock = 5_000
  const handler = createHeartbeatHandler({ kinesis, streamName: STREAM, now: () => (clock += 1) })
  const first = await handler()
  const second = await handler()
  t.same([...first.shardIds].sort(), ['shardId-000000000000', 'shardId-000000000001'])
  const byShard = await recordsByShard()
  for (const [shardId, records] of byShard) {
    t.same(
      records.filter((r) => r.ts > 5_000).map((r) => r.ts),
      [first.ts, second.ts],
      `${shardId} holds one heartbeat per invocation`,
    )
  }
})

t.test('the handler built from the environment ticks the stream STREAM_NAME names', async (t) => {
  const saved = { ...process.env }
  t.teardown(() => {
    process.env = saved
  })
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_ENDPOINT_URL_KINESIS: endpoint,
  })
  const before = Date.now()
  const tick = await heartbeatHandlerFromEnv({ STREAM_NAME: STREAM })()
  t.ok(tick.ts >= before, 'ts comes from the wall clock')
  t.equal(tick.shardIds.length, 2)
  const byShard = await recordsByShard()
  for (const [shardId, records] of byShard) {
    t.same(records.at(-1), { type: 'heartbeat', ts: tick.ts, shard_id: shardId }, `${shardId} got the tick`)
  }
})

t.test('a missing STREAM_NAME is a ConfigError naming it', async (t) => {
  t.throws(() => heartbeatHandlerFromEnv({}), ConfigError)
  t.throws(() => heartbeatHandlerFromEnv({}), /STREAM_NAME/)
})
