import { PutRecordsCommand } from '@aws-sdk/client-kinesis'
import fc from 'fast-check'
import t from 'tap'
import { startKinesalite } from '../../../../test-support/localKinesis.js'
import {
  installKinesaliteFastPaths,
  kinesaliteOriginals as original,
  parseSequence,
  partitionKeyToHashKey,
  stringifySequence,
} from '../../src/_internal/kinesaliteFastPaths.js'

/** The outcome of a call: its value, or the message it threw. */
const outcome = <T>(fn: () => T): { value: T } | { error: string } => {
  try {
    return { value: fn() }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

// The fields kinesalite puts into the sequence numbers it writes (shard creation up to year 2100).
const parts = fc.record({
  shardCreateTime: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  shardIx: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  seqIx: fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String)),
  seqTime: fc.integer({ min: 0, max: 4_102_444_800_000 }),
})

t.test('stringifySequence writes what kinesalite writes', async (t) => {
  fc.assert(fc.property(parts, (p) => stringifySequence(p) === original.stringifySequence(p)))
  t.equal(stringifySequence({ shardCreateTime: 1_700_000_000_000, shardIx: 1 }), original.stringifySequence({ shardCreateTime: 1_700_000_000_000, shardIx: 1 }))
  const v1 = { shardCreateTime: 1_700_000_000_000, shardIx: 3, seqIx: 2, version: 1 }
  t.equal(stringifySequence(v1), original.stringifySequence(v1), 'other versions go to the original')
})

t.test('parseSequence reads back what kinesalite reads', async (t) => {
  fc.assert(
    fc.property(parts, (p) => {
      const seq = original.stringifySequence(p)
      t.same(
        outcome(() => parseSequence(seq)),
        outcome(() => original.parseSequence(seq)),
      )
    }),
    { numRuns: 300 },
  )
  // Any decimal string, including other versions and numbers kinesalite refuses.
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 200n }), (n) => {
      const seq = n.toString()
      t.same(
        outcome(() => parseSequence(seq)),
        outcome(() => original.parseSequence(seq)),
      )
    }),
    { numRuns: 300 },
  )
  for (const seq of ['', 'abc', '-1', '1e5', '0']) {
    t.same(
      outcome(() => parseSequence(seq)),
      outcome(() => original.parseSequence(seq)),
      `'${seq}'`,
    )
  }
})

t.test('partition keys land on the same side of every hash key bound', async (t) => {
  const bound = fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }).map(String)
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 256 }),
      bound,
      (key, b) => partitionKeyToHashKey(key).comparedTo(b) === original.partitionKeyToHashKey(key).comparedTo(b),
    ),
  )
  const key = partitionKeyToHashKey('tx')
  t.equal(key.comparedTo(key.value.toString()), 0)
  t.equal(key.comparedTo('not a number'), null)
})

t.test('installed, kinesalite routes records and serves them back through the fast paths', async (t) => {
  t.equal(installKinesaliteFastPaths(), true)
  t.equal(installKinesaliteFastPaths(), true, 'idempotent')
  const kinesis = await startKinesalite()
  t.teardown(() => kinesis.close())
  const stream = await kinesis.createStream(4)
  const keys = Array.from({ length: 200 }, (_, i) => `tx-${i}`)
  const { Records = [] } = await kinesis.client.send(
    new PutRecordsCommand({
      StreamName: stream,
      Records: keys.map((k) => ({ PartitionKey: k, Data: Buffer.from(JSON.stringify(k)) })),
    }),
  )
  const read = await kinesis.readStream(stream)
  t.equal(read.length, keys.length, 'every record reads back')
  const shardOf = new Map(read.map((r) => [r.partitionKey, r.shardId]))
  t.same(
    Records.map((r) => r.ShardId),
    keys.map((k) => shardOf.get(k)),
    'each record is read from the shard it was put on',
  )
})
