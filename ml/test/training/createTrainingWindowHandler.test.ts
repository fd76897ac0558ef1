// The training consumer against s3rver: versions and the latest pointer, restart, replays.
import t from 'tap'
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import type { KinesisWindowEvent, KinesisWindowResponse } from '@sdp/aggregation-engine'
import { createTrainingWindowHandler } from '../../src/training/createTrainingWindowHandler.js'
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from '../../src/config.js'
import { syntheticBidWorld } from '../../src/evaluation/syntheticBids.js'
import { MlError } from '../../src/errors.js'
import type { ValidationSummary } from '../../src/evaluation/ProgressiveValidation.js'
import { heartbeat, windowEvent, type NumberedRecord } from '../_support/windowEvents.js'
import { trainingOverS3 } from '../_support/trainingOverS3.js'

const CONFIG: TrainingConfig = { ...DEFAULT_TRAINING_CONFIG, bidTimeoutMs: 10_000 }
const SHARDS = ['shardId-000000000000', 'shardId-000000000001']
const world = syntheticBidWorld({ seed: 11 })
const txs = world.transactions(400, { seed: 5, spacingMs: 100, impressionDelayMs: [100, 5_000] })
const lastTs = (txs.at(-1)?.bid.ts as number) + 5_000

/** Each shard's records in event-time order, numbered per shard, with heartbeats that resolve every bid at the end. */
const streams = SHARDS.map((shard, s) => {
  const values: Array<{ ts: number }> = txs.filter((_, i) => i % 2 === s).flatMap((x) => (x.impression ? [x.bid, x.impression] : [x.bid]))
  values.sort((a, b) => a.ts - b.ts)
  values.push(heartbeat(lastTs + 20_000, shard))
  return values.map((value, i): NumberedRecord => ({ n: i + 1, value }))
})

type Handler = (event: KinesisWindowEvent) => Promise<KinesisWindowResponse>

/** Delivers one Lambda window of a shard in invocations of `size` records, then its final invoke (empty, as Lambda sends it). */
async function deliverWindow(
  handler: Handler,
  shard: string,
  records: readonly NumberedRecord[],
  size = 60,
  replay?: (e: KinesisWindowEvent) => Promise<unknown>,
) {
  let state: Record<string, unknown> = {}
  for (let i = 0; i < records.length; i += size) {
    const event = windowEvent(shard, records.slice(i, i + size), state, false)
    if (replay) await replay(event)
    state = (await handler(event)).state
  }
  const final = windowEvent(shard, [], state, true)
  await handler(final)
  return final
}

t.test('training consumer over s3rver', async (t) => {
  const { s3, logs, make } = await trainingOverS3(t, CONFIG)
  const getJson = async (key: string) => JSON.parse(await (await s3.s3.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToString())
  const keys = async (prefix: string) =>
    ((await s3.s3.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key as string)

  t.test('a window with examples publishes a version and points latest at it', async (t) => {
    const handler = make()
    for (const [s, shard] of SHARDS.entries()) {
      const records = streams[s] as NumberedRecord[]
      await deliverWindow(handler, shard, records.slice(0, Math.floor(records.length / 2)))
    }
    const latest = await getJson('models/bid-win/latest.json')
    t.match(latest.key, /^models\/bid-win\/v\d{12}-[0-9a-f]{8}\.json$/)
    t.same(Object.keys(latest.shards).sort(), SHARDS)
    const version = await getJson(latest.key)
    t.equal(version.id, latest.id)
    t.equal(version.examples, latest.examples)
    t.ok(latest.examples > 0)
    t.ok(logs.some((l) => l.job === 'bid-win-training' && (l.trained as number) > 0))
    const lastWindow = logs.filter((l) => l.job === 'bid-win-examples').at(-1)
    t.equal(lastWindow?.events, 0, 'a final invoke without records logs no events')
  })

  t.test('a restarted consumer (fresh container) continues from the latest snapshot, and replays never train twice', async (t) => {
    const before = await getJson('models/bid-win/latest.json')
    const handler = make()
    const finals: KinesisWindowEvent[] = []
    for (const [s, shard] of SHARDS.entries()) {
      const records = streams[s] as NumberedRecord[]
      // Every invocation is delivered twice (the first response dropped), as Lambda may.
      finals.push(await deliverWindow(handler, shard, records.slice(Math.floor(records.length / 2)), 45, (e) => make()(e)))
    }
    const after = await getJson('models/bid-win/latest.json')
    const version = (await getJson(after.key)) as { metrics: ValidationSummary; heldOut: ValidationSummary }
    t.equal(version.metrics.examples + version.heldOut.examples, txs.length, 'every bid labelled exactly once, across both windows and all replays')
    t.equal(after.examples, version.metrics.examples, 'a version counts the examples it trained on')
    t.ok(after.examples > before.examples)
    t.ok(version.heldOut.examples > 0, 'some held out')
    t.equal(version.metrics.wins + version.heldOut.wins, txs.filter((x) => x.won).length, 'wins are exactly the bids with an impression')
    // The final invokes again: nothing to train, nothing new to publish.
    const versions = await keys('models/bid-win/v')
    for (const final of finals) await make()(final)
    t.same(await getJson('models/bid-win/latest.json'), after)
    t.same(await keys('models/bid-win/v'), versions)
    t.same(await keys('models/bid-win/examples/'), [], 'covered example batches are pruned')
  })
})

t.test('lineage is required: kinesis and a stream name, or ancestors', async (t) => {
  t.throws(() => createTrainingWindowHandler({ s3: {} as never, bucket: 'b', config: CONFIG }), MlError)
})

t.test('heartbeats are logged as heartbeats, not events', async (t) => {
  const { logs, make } = await trainingOverS3(t, CONFIG)
  const handler = make()
  await handler(
    windowEvent(
      SHARDS[0] as string,
      [
        { n: 1, value: heartbeat(1_795_831_442_000) },
        { n: 2, value: heartbeat(1_795_831_443_000) },
      ],
      {},
      false,
    ),
  )
  t.match(logs.at(-1), { job: 'bid-win-examples', events: 0, heartbeats: 2 })
})
