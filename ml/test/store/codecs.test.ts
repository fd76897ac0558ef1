import t from 'tap'
import fc from 'fast-check'
import { decodeExampleBatch, encodeExampleBatch } from '../../src/store/exampleBatch.js'
import { decodeShardSnapshot, encodeShardSnapshot } from '../../src/store/ShardSnapshot.js'
import { decodeLatestPointer, decodeModelVersion, encodeLatestPointer, encodeModelVersion } from '../../src/store/ModelVersion.js'
import { exampleBatchKey, parseExampleBatchKey, parseShardSnapshotKey, parseVersionKey, shardSnapshotKey, versionKey } from '../../src/store/modelKeys.js'
import { sameComposition, versionId } from '../../src/store/versionId.js'
import { BidWinModel } from '../../src/model/BidWinModel.js'
import { ProgressiveValidation } from '../../src/evaluation/ProgressiveValidation.js'
import { ModelFormatError } from '../../src/errors.js'
import type { TrainingExample } from '../../src/job/TrainingExample.js'

const seqArb = fc.bigInt({ min: 1n, max: 2n ** 128n - 1n }).map(String)
const exampleArb: fc.Arbitrary<TrainingExample> = fc.record({
  seq: seqArb,
  txId: fc.string({ minLength: 1 }),
  label: fc.constantFrom<0 | 1>(0, 1),
  bidTs: fc.integer({ min: 0, max: 2 ** 45 }),
  bid: fc.record({
    campaignItemId: fc.oneof(fc.integer(), fc.string()),
    domain: fc.option(fc.string()),
    creativeId: fc.option(fc.oneof(fc.string(), fc.integer())),
    creativeCategory: fc.option(fc.string()),
    winPrice: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
  }),
})

t.test('example batches round-trip exactly; anything else is a ModelFormatError', async (t) => {
  fc.assert(
    fc.property(fc.array(exampleArb, { maxLength: 20 }), (examples) => {
      const decoded = decodeExampleBatch('k', encodeExampleBatch('s', '1', '2', examples))
      return JSON.stringify(decoded) === JSON.stringify(examples)
    }),
  )
  for (const bad of [
    'nope',
    '{}',
    '{"format":"bid-win-examples","version":1,"examples":[[1]]}',
    '{"format":"bid-win-examples","version":1,"examples":[["x","t",1,1,1,null,null,null,null]]}',
  ]) {
    t.throws(() => decodeExampleBatch('k', bad), ModelFormatError)
  }
})

t.test('keys sort in sequence order and parse back', async () => {
  fc.assert(
    fc.property(seqArb, seqArb, (a, b) => {
      const [lo, hi] = BigInt(a) <= BigInt(b) ? [a, b] : [b, a]
      const ka = shardSnapshotKey('shardId-000000000001', lo)
      const kb = shardSnapshotKey('shardId-000000000001', hi)
      const batch = parseExampleBatchKey(exampleBatchKey('shardId-0', lo, hi))
      return (
        ka <= kb &&
        parseShardSnapshotKey(kb)?.through === hi &&
        parseShardSnapshotKey(ka)?.shardId === 'shardId-000000000001' &&
        batch?.first === lo &&
        batch.last === hi
      )
    }),
  )
})

t.test('version ids come from the composition alone and sort by example count', async (t) => {
  const a = versionId({ s1: '5', s0: '9' }, 120)
  t.equal(a, versionId({ s0: '9', s1: '5' }, 120))
  t.not(a, versionId({ s0: '9', s1: '6' }, 120))
  t.ok(versionId({ s0: '1' }, 99) < versionId({ s0: '2' }, 100))
  t.equal(parseVersionKey(versionKey(a)), a)
  t.ok(sameComposition({ a: '1', b: '2' }, { b: '2', a: '1' }))
  t.notOk(sameComposition({ a: '1' }, { a: '1', b: '2' }))
})

t.test('shard snapshots, versions and the latest pointer round-trip', async (t) => {
  const model = BidWinModel.create({ hashBits: 12 }, { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 })
  const validation = new ProgressiveValidation()
  validation.add(model.train({ campaignItemId: 1, winPrice: 2 }, 1), 1)
  const snap = decodeShardSnapshot('k', encodeShardSnapshot({ shardId: 's', through: '42', examples: 1, eventTime: 7, model, validation }))
  t.same([snap.shardId, snap.through, snap.examples, snap.eventTime], ['s', '42', 1, 7])
  t.equal(snap.model.score({ campaignItemId: 1 }), model.score({ campaignItemId: 1 }))
  const info = { id: versionId({ s: '42' }, 1), shards: { s: '42' }, examples: 1, eventTime: 7, metrics: validation.summary() }
  const version = decodeModelVersion('v', encodeModelVersion({ ...info, model }))
  t.equal(version.model.score({ campaignItemId: 1 }), model.score({ campaignItemId: 1 }))
  t.same(decodeLatestPointer('l', encodeLatestPointer({ ...info, key: 'x' })).key, 'x')
  t.throws(() => decodeShardSnapshot('k', '{"format":"bid-win-shard","version":1}'), ModelFormatError)
  t.same(snap.heldOut?.summary().examples, 0, 'a snapshot without held-out examples reads as an empty held-out validation')
})

t.test('held-out validations round-trip in shard snapshots and versions, and documents without them still read', async (t) => {
  const model = BidWinModel.create({ hashBits: 12 }, { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 })
  const validation = new ProgressiveValidation()
  const heldOut = new ProgressiveValidation()
  heldOut.add(0.8, 1)
  heldOut.add(0.3, 0)
  const text = encodeShardSnapshot({ shardId: 's', through: '42', examples: 0, eventTime: null, model, validation, heldOut })
  t.same(decodeShardSnapshot('k', text).heldOut?.summary(), heldOut.summary())
  const older = JSON.parse(text) as Record<string, unknown>
  delete older.heldOut
  t.equal(decodeShardSnapshot('k', JSON.stringify(older)).heldOut?.summary().examples, 0, 'written before held-out examples existed')
  t.throws(() => decodeShardSnapshot('k', JSON.stringify({ ...older, heldOut: { format: 'nope' } })), /heldOut: progressive validation/)
  const info = { id: versionId({ s: '42' }, 0), shards: { s: '42' }, examples: 0, eventTime: null, metrics: validation.summary(), heldOut: heldOut.summary() }
  t.same(decodeModelVersion('v', encodeModelVersion({ ...info, model })).heldOut, heldOut.summary())
  t.same(decodeLatestPointer('l', encodeLatestPointer({ ...info, key: 'x' })).heldOut, heldOut.summary())
  const { heldOut: _, ...withoutHeldOut } = info
  t.equal(decodeLatestPointer('l', encodeLatestPointer({ ...withoutHeldOut, key: 'x' })).heldOut, undefined)
  t.throws(() => decodeModelVersion('v', '[]'), ModelFormatError)
  t.throws(() => decodeLatestPointer('l', JSON.stringify({ format: 'bid-win-latest', version: 1, ...info })), ModelFormatError)
})
