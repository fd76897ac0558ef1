import t from 'tap'
import { sessionWindows } from '../../src/assigners/sessionWindows.js'
import { slidingWindows } from '../../src/assigners/slidingWindows.js'
import { tumblingWindows } from '../../src/assigners/tumblingWindows.js'
import { SnapshotFormatError } from '../../src/errors.js'
import { createWindowOperator } from '../../src/operator/createWindowOperator.js'
import { restoreWindowOperator } from '../../src/operator/restoreWindowOperator.js'
import { continuousEventTimeTrigger } from '../../src/triggers/continuousEventTimeTrigger.js'
import { countTrigger } from '../../src/triggers/countTrigger.js'
import type { AggregateFunction, Json } from '../../src/types.js'
import { idsAggregate, type Ev } from './_support.js'

const base = { keyBy: (e: Ev) => e.key, timestamp: (e: Ev) => e.ts, aggregate: idsAggregate, watermark: { bound: 3 } }
const ev = (id: number, key: Ev['key'], ts: number): Ev => ({ id, key, ts })
const roundTrip = (value: Json): unknown => JSON.parse(JSON.stringify(value))

t.test('a restored operator continues exactly like the original', async (t) => {
  const options = { ...base, assigner: sessionWindows({ gap: 10 }), trigger: continuousEventTimeTrigger(7), allowedLateness: 20 }
  const original = createWindowOperator(options)
  const events = [ev(1, 'a', 5), ev(2, 3, 9), ev(3, 'a', 30), ev(4, 3, 2), ev(5, 'b', 12)]
  for (const e of events) original.processElement(e)
  original.advanceProcessingTime(77)
  original.takeOutputs()
  const restored = restoreWindowOperator(options, roundTrip(original.snapshot()))
  if (!restored.ok) throw restored.error
  const copy = restored.operator
  t.equal(copy.watermark(), original.watermark())
  t.equal(copy.estimatedBytes(), original.estimatedBytes())
  for (const op of [original, copy]) {
    op.processElement(ev(6, 'a', 18))
    op.processHeartbeat(45)
    op.processElement(ev(7, 3, 1))
  }
  t.same(copy.takeOutputs(), original.takeOutputs())
  t.same(copy.flushPartials(), original.flushPartials())
  t.same(copy.snapshot(), original.snapshot())
})

t.test('snapshots it cannot read are reported as SnapshotFormatError values, never thrown', async (t) => {
  const options = { ...base, assigner: tumblingWindows({ size: 10 }) }
  const op = createWindowOperator(options)
  op.processElement(ev(1, 5, 1))
  op.processElement(ev(2, 'x', 2))
  const good = roundTrip(op.snapshot()) as Record<string, unknown>
  const group = (good['d'] as Record<string, unknown>[])[0] as Record<string, unknown>
  const cases: [string, unknown, RegExp][] = [
    ['undefined', undefined, /must be an object/],
    ['a string', 'garbage', /must be an object/],
    ['an array', [1, 2], /must be an object/],
    ['another version', { ...good, v: 2 }, /snapshot version must be 1, got 2/],
    ['no version', { ...good, v: undefined }, /snapshot version must be 1/],
    ['other windows', { ...good, a: 'tumbling(20,0,event)' }, /must match the assigner tumbling\(10,0,event\)/],
    ['another trigger', { ...good, t: 'count(3)' }, /must match the trigger eventTime/],
    ['a bad watermark', { ...good, w: 'soon' }, /the watermark must be a safe integer/],
    ['bad generator state', { ...good, g: { max: 1 } }, /watermark state must be/],
    ['windows not an array', { ...good, d: {} }, /d must be an array/],
    ['a window not an object', { ...good, d: [7] }, /each window must be an object/],
    ['an empty window', { ...good, d: [{ s: 0, e: 10 }] }, /at least one key/],
    ['inverted bounds', { ...good, d: [{ ...group, s: 20 }] }, /start must be smaller than its end/],
    ['unsorted string keys', { ...good, d: [{ ...group, k: ['y', 'x'], a: [[1], [2], [3]] }] }, /strictly ascending/],
    ['missing accumulators', { ...good, d: [{ ...group, a: [1] }] }, /per key that has an accumulator/],
    ['a bad timer', { ...good, d: [{ ...group, te: [['x']] }] }, /timer time must be a safe integer/],
    ['a timer index out of range', { ...good, d: [{ ...group, te: [[9, 5]] }] }, /must point at a key/],
    ['a duplicate window', { ...good, d: [group, group] }, /only once/],
  ]
  for (const [name, snapshot, message] of cases) {
    const result = restoreWindowOperator(options, snapshot)
    t.equal(result.ok, false, name)
    if (!result.ok) {
      t.type(result.error, SnapshotFormatError, name)
      t.match(result.error.message, message, name)
    }
  }
})

t.test('an accumulator that decode rejects is reported, not thrown', async (t) => {
  const strict: AggregateFunction<Ev, number, number> = {
    createAccumulator: () => 0,
    add: (_e, n) => n + 1,
    merge: (a, b) => a + b,
    getResult: (n) => n,
    encode: (n) => ({ count: n }),
    decode: (json) => {
      if (typeof json !== 'object' || json === null || Array.isArray(json) || typeof json['count'] !== 'number') {
        throw new Error('count must be a number')
      }
      return json['count']
    },
  }
  const options = { ...base, aggregate: strict, assigner: tumblingWindows({ size: 10 }) }
  const op = createWindowOperator(options)
  op.processElement(ev(1, 'k', 1))
  const snapshot = roundTrip(op.snapshot()) as { d: { a: Json[] }[] }
  t.same(snapshot.d[0]?.a, [{ count: 1 }])
  const ok = restoreWindowOperator(options, snapshot)
  t.equal(ok.ok, true)
  snapshot.d[0]!.a = [{ count: 'one' }]
  const bad = restoreWindowOperator(options, snapshot)
  t.equal(bad.ok, false)
  if (!bad.ok) t.match(bad.error.message, /count must be a number/)
})

t.test('snapshots keep trigger states, absent accumulators and per-key timers', async (t) => {
  const options = { ...base, assigner: sessionWindows({ gap: 10 }), trigger: countTrigger(3) }
  const op = createWindowOperator(options)
  op.processElement(ev(1, 'a', 0))
  op.processElement(ev(2, 'b', 1))
  op.processElement(ev(3, 'b', 2))
  op.flushPartials() // sessions keep their windows with empty accumulators
  const snapshot = roundTrip(op.snapshot()) as { d: Record<string, unknown>[] }
  t.same(
    snapshot.d.map((g) => [g['s'], g['e'], g['k'], g['u'], g['z']]),
    [
      [0, 10, ['a'], [0], [0, 1]],
      [1, 12, ['b'], [0], [0, 2]],
    ],
  )
  const restored = restoreWindowOperator(options, snapshot)
  if (!restored.ok) throw restored.error
  restored.operator.processElement(ev(4, 'b', 3)) // third element of b's session
  t.same(
    restored.operator.takeOutputs().results.map((r) => [r.key, r.value]),
    [['b', [4]]],
  )
})

/** The ad-tech accumulator: [bids, imps, clicks]; an element stands for `n` events of one type (keeps the test fast). */
type AdEvent = { campaign: number; ts: number; type: 0 | 1 | 2; n: number }
const counts: AggregateFunction<AdEvent, number[], number[]> = {
  createAccumulator: () => [0, 0, 0],
  add: (e, acc) => {
    acc[e.type] = (acc[e.type] ?? 0) + e.n
    return acc
  },
  merge: (a, b) => a.map((x, i) => x + (b[i] ?? 0)),
  getResult: (acc) => [...acc],
}

t.test('snapshot bytes per (key, window): 5,000 seven-digit campaigns x 10 one-minute windows stay within 20', async (t) => {
  const options = {
    keyBy: (e: AdEvent) => e.campaign,
    timestamp: (e: AdEvent) => e.ts,
    assigner: tumblingWindows({ size: 60_000 }),
    watermark: { bound: 5_000 },
    allowedLateness: 86_400_000,
    aggregate: counts,
  }
  const op = createWindowOperator(options)
  let seed = 42
  const random = (): number => {
    seed = (seed * 48_271) % 2_147_483_647
    return seed / 2_147_483_647
  }
  const campaigns = new Set<number>()
  while (campaigns.size < 5_000) campaigns.add(1_000_000 + Math.floor(random() * 9_000_000))
  const start = 1_700_000_040_000 // a minute boundary
  for (let minute = 0; minute < 10; minute++) {
    for (const campaign of campaigns) {
      // a few bids, fewer impressions, rare clicks per campaign and minute
      const bids = 1 + Math.floor(random() * 30)
      const imps = Math.floor(random() * bids)
      const clicks = Math.floor(random() * 3)
      const ts = start + minute * 60_000 + Math.floor(random() * 60_000)
      op.processElement({ campaign, ts, type: 0, n: bids })
      op.processElement({ campaign, ts, type: 1, n: imps })
      op.processElement({ campaign, ts, type: 2, n: clicks })
    }
  }
  op.takeOutputs()
  const bytes = JSON.stringify(op.snapshot()).length
  const perKey = bytes / 50_000
  t.comment(`snapshot ${bytes} bytes for 50,000 (key, window) pairs: ${perKey.toFixed(2)} bytes per key; estimate ${op.estimatedBytes()}`)
  t.ok(perKey <= 20, `bytes per key ${perKey.toFixed(2)} <= 20`)
  t.ok(op.estimatedBytes() >= bytes, 'the estimate errs on the large side')
  t.ok(op.estimatedBytes() <= 2 * bytes, 'but not by more than 2x')
  const restored = restoreWindowOperator(options, JSON.parse(JSON.stringify(op.snapshot())))
  t.ok(restored.ok && restored.operator.estimatedBytes() === op.estimatedBytes(), 'a restored copy reports the same estimate')
})

t.test('estimatedBytes follows state as keys and windows come and go', async (t) => {
  const op = createWindowOperator({ ...base, assigner: slidingWindows({ size: 20, slide: 10 }), aggregate: idsAggregate, accumulatorBytes: 12 })
  const empty = op.estimatedBytes()
  op.processElement(ev(1, 'k', 5))
  const one = op.estimatedBytes()
  t.ok(one > empty)
  op.processElement(ev(2, 'k', 6))
  t.equal(op.estimatedBytes(), one, 'same windows, same keys, constant accumulator size: unchanged')
  op.processElement(ev(3, 12345, 6))
  t.ok(op.estimatedBytes() > one)
  op.flushPartials()
  t.equal(op.estimatedBytes(), empty, 'flushed entries without trigger state are forgotten')
})
