import t from 'tap'
import { PutRecordsCommand, type KinesisClient, type PutRecordsCommandOutput } from '@aws-sdk/client-kinesis'
import type { PartialAccumulator } from '@sdp/aggregation-engine'
import { KinesisPartialsSink } from '../../src/exchange/KinesisPartialsSink.js'
import { bucketOf } from '../../src/exchange/partialBuckets.js'
import { StreamRuntimeError } from '../../src/errors.js'
import { startKinesalite } from '../../../test-support/localKinesis.js'

const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`
const partials: PartialAccumulator[] = Array.from({ length: 300 }, (_, i) => ({
  id: `shardId-000000000003:${seq(1)}-${seq(8)}`,
  key: 1_000_000 + i,
  window: { start: 60_000 * (i % 3), end: 60_000 * ((i % 3) + 1) },
  accumulator: [i, 1, 0],
}))

/**
 * kinesalite never refuses single entries: this client passes through only the entries not
 * refused yet (the first `refuse` of each call, for `calls` calls) and answers for the others as
 * Kinesis does, with an ErrorCode per refused entry.
 */
function refusing(client: KinesisClient, refuse: number, calls: number): Pick<KinesisClient, 'send'> {
  let left = calls
  return {
    send: (async (command: PutRecordsCommand) => {
      const records = command.input.Records ?? []
      if (left-- <= 0 || records.length === 0) return client.send(command)
      const rest = records.slice(refuse)
      const passed =
        rest.length === 0
          ? { $metadata: {}, Records: [] }
          : ((await client.send(new PutRecordsCommand({ ...command.input, Records: rest }))) as PutRecordsCommandOutput)
      const refused = records.slice(0, refuse).map(() => ({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard' }))
      return { ...passed, FailedRecordCount: refused.length, Records: [...refused, ...(passed.Records ?? [])] }
    }) as KinesisClient['send'],
  }
}

t.test('partials reach the partials stream packed, one record per key group, each on the shard of its group', async (t) => {
  const local = await startKinesalite()
  t.teardown(() => local.close())
  const stream = await local.createStream(4)
  await new KinesisPartialsSink({ kinesis: local.client, streamName: stream }).write(partials, 'shardId-000000000003')
  const stored = await local.readStream(stream)
  const groups = new Set(partials.map((p) => bucketOf(String(p.key))))
  t.equal(stored.length, groups.size, `${stored.length} records for ${partials.length} partials`)
  const byShard = await local.readShards(stream)
  for (const [shardId, records] of byShard) {
    const buckets = new Set(records.map((r) => (r.data as { bucket: number }).bucket))
    for (const b of buckets) t.ok(b >= Number(shardId.slice(-1)) * 16 && b < (Number(shardId.slice(-1)) + 1) * 16, `bucket ${b} on ${shardId}`)
  }
  const keys = stored.flatMap((r) => (r.data as { partials: Array<[string]> }).partials.map((p) => p[0]))
  t.same(keys.sort(), partials.map((p) => String(p.key)).sort(), 'every partial once')
})

t.test('entries the stream refuses are retried until stored; past every retry the write fails', async (t) => {
  const local = await startKinesalite()
  t.teardown(() => local.close())
  const stream = await local.createStream(2)
  await new KinesisPartialsSink({ kinesis: refusing(local.client, 5, 2), streamName: stream, retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 } }).write(
    partials,
    'shardId-000000000003',
  )
  const groups = new Set(partials.map((p) => bucketOf(String(p.key))))
  t.equal((await local.readStream(stream)).length, groups.size, 'each record stored once')

  const failing = new KinesisPartialsSink({
    kinesis: refusing(local.client, 500, 100),
    streamName: stream,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
  })
  await t.rejects(failing.write(partials, 'shardId-000000000003'), StreamRuntimeError)
  await t.rejects(failing.write(partials, 'shardId-000000000003'), /refused \d+ records after every retry/)
})
