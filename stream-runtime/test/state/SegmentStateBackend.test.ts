import t from 'tap'
import type { Json } from '@sdp/aggregation-engine'
import { SegmentStateBackend } from '../../src/state/SegmentStateBackend.js'
import { S3ObjectStore } from '../../src/state/S3ObjectStore.js'
import { startS3 } from '../../../test-support/localServices.js'

const seq = (n: number) => `4959033827149025660855969253836157109592157598913658${String(n).padStart(4, '0')}`
const SHARD = 'shardId-000000000001'

t.test('segment state backend over s3rver', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const store = new S3ObjectStore(s3.s3, s3.bucket)
  let n = 0
  /** Options of a fresh backend; `new SegmentStateBackend(opts)` again is a second (cold) container. */
  const options = (ancestors: Record<string, string[]> = {}) => ({
    store,
    prefix: `state/t${n++}`,
    ancestors: async (s: string) => ancestors[s] ?? [],
    retentionMs: 10_000,
  })

  t.test('a batch reads only segments that end before its first record', async (t) => {
    const opts = options()
    const b = new SegmentStateBackend(opts)
    await b.write({ shardId: SHARD, firstSequenceNumber: seq(1), lastSequenceNumber: seq(5), entries: new Map<string, Json>(Object.entries({ a: 1 })) }, 1000)
    await b.write({ shardId: SHARD, firstSequenceNumber: seq(6), lastSequenceNumber: seq(9), entries: new Map<string, Json>(Object.entries({ a: 2, b: 1 })) }, 1000)
    const cold = new SegmentStateBackend(opts)
    t.same([...(await cold.read(SHARD, ['a', 'b'], seq(6), undefined))], [['a', 1]], 'retry of the second batch does not see its own write')
    t.same([...(await cold.read(SHARD, ['a', 'b'], seq(10), undefined))].sort(), [['a', 2], ['b', 1]])
    t.same([...(await cold.read(SHARD, ['a'], seq(1), undefined))], [], 'the first batch sees nothing')
  })

  t.test('a warm cache is used only when the Lambda state says it is current', async (t) => {
    const opts = options()
    const containerA = new SegmentStateBackend(opts)
    const containerB = new SegmentStateBackend(opts)
    await containerA.read(SHARD, ['k'], seq(1), undefined)
    await containerA.write({ shardId: SHARD, firstSequenceNumber: seq(1), lastSequenceNumber: seq(2), entries: new Map<string, Json>(Object.entries({ k: 'a' })) }, 1)
    // the next batch runs in container B, which then writes k = 'b'
    t.same([...(await containerB.read(SHARD, ['k'], seq(3), seq(2)))], [['k', 'a']])
    await containerB.write({ shardId: SHARD, firstSequenceNumber: seq(3), lastSequenceNumber: seq(4), entries: new Map<string, Json>(Object.entries({ k: 'b' })) }, 2)
    // back in container A: its cache ends at 2 but the state says 4, so it must reload
    t.same([...(await containerA.read(SHARD, ['k'], seq(5), seq(4)))], [['k', 'b']])
  })

  t.test('checkpoints merge the window, drop expired entries and let a cold start read fewer objects', async (t) => {
    const opts = options()
    const b = new SegmentStateBackend(opts)
    await b.read(SHARD, [], seq(1), undefined)
    await b.write({ shardId: SHARD, firstSequenceNumber: seq(1), lastSequenceNumber: seq(2), entries: new Map<string, Json>(Object.entries({ old: 1 })) }, 1_000)
    await b.write({ shardId: SHARD, firstSequenceNumber: seq(3), lastSequenceNumber: seq(4), entries: new Map<string, Json>(Object.entries({ young: 1 })) }, 20_000)
    await b.checkpoint(SHARD, seq(4))
    await b.write({ shardId: SHARD, firstSequenceNumber: seq(5), lastSequenceNumber: seq(6), entries: new Map<string, Json>(Object.entries({ young: 2 })) }, 21_000)
    await b.checkpoint(SHARD, seq(6))
    const cold = new SegmentStateBackend(opts)
    t.same([...(await cold.read(SHARD, ['old', 'young'], seq(7), undefined))], [['young', 2]], 'old expired after 10 s of arrival time')
    const keys = await store.list(`${opts.prefix}/`)
    t.equal(keys.filter((k) => k.includes('/seg/')).length, 1, 'segments before the previous checkpoint were deleted')
  })

  t.test('a child shard inherits the final state of its parents', async (t) => {
    const b = new SegmentStateBackend(options({ child: [SHARD] }))
    await b.write({ shardId: SHARD, firstSequenceNumber: seq(1), lastSequenceNumber: seq(2), entries: new Map<string, Json>(Object.entries({ tx: [1, 2, null, null] })) }, 1)
    await b.checkpoint(SHARD, seq(2))
    t.same([...(await b.read('child', ['tx'], '100', undefined))], [['tx', [1, 2, null, null]]])
  })
})
