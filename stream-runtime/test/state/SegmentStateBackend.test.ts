import t from 'tap'
import fc from 'fast-check'
import { deepStrictEqual } from 'node:assert'
import { InMemoryStateBackend, type Json } from '@sdp/aggregation-engine'
import { SegmentStateBackend } from '../../src/state/SegmentStateBackend.js'
import { S3ObjectStore } from '../../src/state/S3ObjectStore.js'
import { checkpointKey, parseStateKey } from '../../src/state/segmentKeys.js'
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
    await b.write(
      { shardId: SHARD, firstSequenceNumber: seq(6), lastSequenceNumber: seq(9), entries: new Map<string, Json>(Object.entries({ a: 2, b: 1 })) },
      1000,
    )
    const cold = new SegmentStateBackend(opts)
    t.same([...(await cold.read(SHARD, ['a', 'b'], seq(6), undefined))], [['a', 1]], 'retry of the second batch does not see its own write')
    t.same([...(await cold.read(SHARD, ['a', 'b'], seq(10), undefined))].sort(), [
      ['a', 2],
      ['b', 1],
    ])
    t.same([...(await cold.read(SHARD, ['a'], seq(1), undefined))], [], 'the first batch sees nothing')
  })

  t.test('a warm cache is used only when the Lambda state says it is current', async (t) => {
    const opts = options()
    const containerA = new SegmentStateBackend(opts)
    const containerB = new SegmentStateBackend(opts)
    await containerA.read(SHARD, ['k'], seq(1), undefined)
    await containerA.write(
      { shardId: SHARD, firstSequenceNumber: seq(1), lastSequenceNumber: seq(2), entries: new Map<string, Json>(Object.entries({ k: 'a' })) },
      1,
    )
    // the next batch runs in container B, which then writes k = 'b'
    t.same([...(await containerB.read(SHARD, ['k'], seq(3), seq(2)))], [['k', 'a']])
    await containerB.write(
      { shardId: SHARD, firstSequenceNumber: seq(3), lastSequenceNumber: seq(4), entries: new Map<string, Json>(Object.entries({ k: 'b' })) },
      2,
    )
    // back in container A: its cache ends at 2 but the state says 4, so it must reload
    t.same([...(await containerA.read(SHARD, ['k'], seq(5), seq(4)))], [['k', 'b']])
  })

  t.test('a new window in a warm container reads nothing back when its checkpoint is the latest, else reloads', async (t) => {
    const opts = options()
    let gets = 0
    const counted = {
      ...opts,
      store: {
        get: (key: string) => (gets++, store.get(key)),
        list: (prefix: string) => store.list(prefix),
        put: (key: string, body: Uint8Array | string) => store.put(key, body),
        delete: (keys: readonly string[]) => store.delete(keys),
      },
    }
    const containerA = new SegmentStateBackend(counted)
    /** A window of one batch in container `b`: it must see `sees` as k's value, and writes k = `k`. */
    const window = async (b: SegmentStateBackend, first: number, sees: string | undefined, k: string) => {
      t.same([...(await b.read(SHARD, ['k'], seq(first), undefined))], sees === undefined ? [] : [['k', sees]])
      await b.write({ shardId: SHARD, firstSequenceNumber: seq(first), lastSequenceNumber: seq(first + 1), entries: new Map<string, Json>([['k', k]]) }, first)
      await b.checkpoint(SHARD, seq(first + 1))
    }
    await window(containerA, 1, undefined, 'a')
    await window(containerA, 3, 'a', 'b')
    gets = 0
    await window(containerA, 5, 'b', 'c')
    t.equal(gets, 0, 'the third window starts from the cache its second window checkpointed')
    // Window 4 runs in container B; container A then gets window 5 and must read what B stored.
    await window(new SegmentStateBackend(counted), 7, 'c', 'd')
    gets = 0
    await window(containerA, 9, 'd', 'e')
    t.ok(gets > 0, 'a checkpoint of another container after its own: the cache is reloaded')
  })

  t.test('checkpoints merge the window, drop expired entries and let a cold start read fewer objects', async (t) => {
    const opts = options()
    const b = new SegmentStateBackend(opts)
    await b.read(SHARD, [], seq(1), undefined)
    await b.write(
      { shardId: SHARD, firstSequenceNumber: seq(1), lastSequenceNumber: seq(2), entries: new Map<string, Json>(Object.entries({ old: 1 })) },
      1_000,
    )
    await b.write(
      { shardId: SHARD, firstSequenceNumber: seq(3), lastSequenceNumber: seq(4), entries: new Map<string, Json>(Object.entries({ young: 1 })) },
      20_000,
    )
    await b.checkpoint(SHARD, seq(4))
    await b.write(
      { shardId: SHARD, firstSequenceNumber: seq(5), lastSequenceNumber: seq(6), entries: new Map<string, Json>(Object.entries({ young: 2 })) },
      21_000,
    )
    await b.checkpoint(SHARD, seq(6))
    const cold = new SegmentStateBackend(opts)
    t.same([...(await cold.read(SHARD, ['old', 'young'], seq(7), undefined))], [['young', 2]], 'old expired after 10 s of arrival time')
    const keys = await store.list(`${opts.prefix}/`)
    t.equal(keys.filter((k) => k.includes('/seg/')).length, 1, 'segments before the previous checkpoint were deleted')
  })

  t.test('a child shard inherits the final state of its parents', async (t) => {
    const b = new SegmentStateBackend(options({ child: [SHARD] }))
    await b.write(
      { shardId: SHARD, firstSequenceNumber: seq(1), lastSequenceNumber: seq(2), entries: new Map<string, Json>(Object.entries({ tx: [1, 2, null, null] })) },
      1,
    )
    await b.checkpoint(SHARD, seq(2))
    t.same([...(await b.read('child', ['tx'], '100', undefined))], [['tx', [1, 2, null, null]]])
  })
})

t.test('checkpoints: deltas between full ones, and every read equals the in-memory reference', async (t) => {
  const s3 = await startS3()
  t.teardown(() => s3.close())
  const store = new S3ObjectStore(s3.s3, s3.bucket)
  let run = 0

  t.test('a delta holds only the keys written since the checkpoint before it', async (t) => {
    const opts = { store, prefix: `state/d${run++}`, ancestors: async () => [], retentionMs: 1e12, fullCheckpointEvery: 3 }
    const b = new SegmentStateBackend(opts)
    const window = async (n: number, entries: Record<string, Json>) => {
      await b.read(SHARD, Object.keys(entries), seq(n), undefined)
      await b.write({ shardId: SHARD, firstSequenceNumber: seq(n), lastSequenceNumber: seq(n), entries: new Map(Object.entries(entries)) }, n)
      await b.checkpoint(SHARD, seq(n))
    }
    await window(1, { a: 1, b: 1 })
    await window(2, { b: 2 })
    await window(3, { c: 3 })
    await window(4, { a: 4 })
    // `ckpt 1`: a full checkpoint through seq(1)
    const kinds = async () => (await store.list(`${opts.prefix}/`)).map((k) => parseStateKey(k)).map((o) => `${o?.kind} ${Number(o?.last.slice(-4))}`)
    t.same(await kinds(), ['ckpt 1', 'ckpt 4', 'delta 2', 'delta 3', 'seg 4'], 'retries of window 4 may still need the first full checkpoint and its deltas')
    const body = async (kind: 'ckpt' | 'delta', n: number) =>
      JSON.parse(Buffer.from((await store.get(checkpointKey(opts.prefix, SHARD, seq(n), kind))) as Uint8Array).toString()).entries
    t.same(Object.keys(await body('delta', 3)), ['c'])
    t.same(Object.keys(await body('ckpt', 4)).sort(), ['a', 'b', 'c'])
    const cold = new SegmentStateBackend(opts)
    t.same([...(await cold.read(SHARD, ['a', 'b', 'c'], seq(5), undefined))].sort(), [
      ['a', 4],
      ['b', 2],
      ['c', 3],
    ])
    await window(5, {})
    t.same(await kinds(), ['ckpt 4', 'delta 5', 'seg 5'], 'once window 5 is checkpointed, what came before the second full checkpoint goes')
  })

  t.test('random batches, windows, retries and cold containers read what the in-memory backend reads', async () => {
    const batch = fc.record({
      writes: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.integer({ min: 0, max: 99 })), { maxLength: 3 }),
      records: fc.integer({ min: 1, max: 3 }),
      cold: fc.boolean(),
      retried: fc.boolean(),
    })
    // A window's final invoke checkpoints; Lambda may run it again, in the same container or another.
    const window = fc.record({
      batches: fc.array(batch, { minLength: 1, maxLength: 3 }),
      finalRetried: fc.constantFrom('no', 'same container', 'fresh container'),
    })
    const plan = fc.record({ every: fc.integer({ min: 1, max: 4 }), windows: fc.array(window, { minLength: 1, maxLength: 6 }) })
    await fc.assert(
      fc.asyncProperty(plan, async ({ every, windows }) => {
        const opts = { store, prefix: `state/p${run++}`, ancestors: async () => [], retentionMs: 1e12, fullCheckpointEvery: every }
        const reference = new InMemoryStateBackend()
        let container = new SegmentStateBackend(opts)
        let n = 1
        for (const { batches, finalRetried } of windows) {
          let previous: string | undefined // the Lambda state starts fresh with every window
          const written = new Set<string>()
          for (const { writes, records, cold, retried } of batches) {
            const first = seq(n)
            const last = seq(n + records - 1)
            n += records
            if (cold) container = new SegmentStateBackend(opts)
            const keys = ['a', 'b', 'c', 'd', 'e']
            const want = [...reference.read(SHARD, keys, first)].sort()
            deepStrictEqual([...(await container.read(SHARD, keys, first, previous))].sort(), want)
            const segment = { shardId: SHARD, firstSequenceNumber: first, lastSequenceNumber: last, entries: new Map<string, Json>(writes) }
            await container.write(segment, n)
            reference.write(segment)
            for (const [k] of writes) written.add(k)
            if (retried)
              deepStrictEqual(
                [...(await new SegmentStateBackend(opts).read(SHARD, keys, first, undefined))].sort(),
                want,
                'a retry reads what the first run read',
              )
            previous = last
          }
          await container.checkpoint(SHARD, seq(n - 1))
          if (finalRetried !== 'no') {
            if (finalRetried === 'fresh container') container = new SegmentStateBackend(opts)
            await container.read(SHARD, [], undefined, previous) // the final invoke again, without records
            await container.checkpoint(SHARD, seq(n - 1))
          }
          const delta = await store.get(checkpointKey(opts.prefix, SHARD, seq(n - 1), 'delta'))
          if (delta)
            deepStrictEqual(Object.keys(JSON.parse(Buffer.from(delta).toString()).entries).sort(), [...written].sort(), 'a delta holds what the window wrote')
        }
        const keys = ['a', 'b', 'c', 'd', 'e']
        deepStrictEqual([...(await new SegmentStateBackend(opts).read(SHARD, keys, seq(n), undefined))].sort(), [...reference.read(SHARD, keys, seq(n))].sort())
      }),
      { numRuns: 25 },
    )
  })
})
