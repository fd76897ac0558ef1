import t from 'tap'
import fc from 'fast-check'
import { intervalJoin } from '../../src/joins/intervalJoin.js'
import type { JoinedPair } from '../../src/joins/intervalJoin.js'
import type { IntervalJoinOperator } from '../../src/joins/IntervalJoinOperator.js'
import { InMemoryKeyedStateStore } from '../../src/joins/InMemoryKeyedStateStore.js'
import { InvalidArgumentError } from '../../src/errors.js'
import type { IntervalJoinKeyState } from '../../src/joins/IntervalJoinKeyState.js'
import { bounds, joinOptions, reference, scenario, type El, type Op } from './scenario.js'
import { NO_WATERMARK } from '../../src/watermarks/WatermarkGenerator.js'
import { createWindowOperator } from '../../src/operator/createWindowOperator.js'
import { tumblingWindows } from '../../src/assigners/tumblingWindows.js'
import { count } from '../../src/functions/count.js'

interface Bid {
  tx_id: string
  ts: number
  campaign: number
}
interface Imp {
  tx_id: string
  ts: number
  win_price: number
}

const bidToImpression = (outer: 'inner' | 'left' = 'inner') =>
  intervalJoin({
    leftKey: (b: Bid) => b.tx_id,
    rightKey: (i: Imp) => i.tx_id,
    leftTimestamp: (b) => b.ts,
    rightTimestamp: (i) => i.ts,
    lowerBound: 0,
    upperBound: 300_000,
    outer,
  })

/** Runs `sequence`, taking outputs after every step; checks each unmatched left is emitted only once its interval has passed. */
function run(join: IntervalJoinOperator<El, El, JoinedPair<El, El>>, sequence: readonly Op[], upperBound: number) {
  const pairs: string[] = []
  const unmatched: string[] = []
  const lateLeft: string[] = []
  const lateRight: string[] = []
  let early = 0
  for (const op of sequence) {
    if (op.kind === 'wm') join.advanceWatermark(op.wm)
    else if (op.kind === 'left') join.processLeft(op.el)
    else join.processRight(op.el)
    const out = join.takeOutputs()
    for (const p of out.joined) pairs.push(`${p.left.id}|${p.right.id}`)
    for (const u of out.unmatched) {
      unmatched.push(u.left.id)
      if (!(join.watermark() > u.left.ts + upperBound)) early++
    }
    lateLeft.push(...out.lateLeft.map((e) => e.id))
    lateRight.push(...out.lateRight.map((e) => e.id))
  }
  return { pairs: pairs.sort(), unmatched: unmatched.sort(), lateLeft, lateRight, early }
}

t.test('joins a bid and its impression within the interval, in either arrival order', async (t) => {
  for (const impFirst of [false, true]) {
    const join = bidToImpression()
    const bid = { tx_id: 'tx1', ts: 1_000, campaign: 7 }
    const imp = { tx_id: 'tx1', ts: 61_000, win_price: 0.5 }
    if (impFirst) join.processRight(imp)
    join.processLeft(bid)
    if (!impFirst) join.processRight(imp)
    join.processRight({ tx_id: 'tx1', ts: 301_001, win_price: 1 }) // one ms past the upper bound
    join.processRight({ tx_id: 'tx2', ts: 2_000, win_price: 1 }) // another key
    t.same(join.takeOutputs().joined, [{ key: 'tx1', left: bid, right: imp, ts: 61_000 }])
  }
})

t.test('includes both bounds by default and excludes them when asked', async (t) => {
  const at = (lowerInclusive: boolean, upperInclusive: boolean) => {
    const join = intervalJoin({ ...joinOptions({ lowerBound: -2, upperBound: 1, lowerInclusive, upperInclusive }) })
    join.processLeft({ id: 'l', k: 'a', ts: 10 })
    for (const ts of [7, 8, 9, 10, 11, 12]) join.processRight({ id: `r${ts}`, k: 'a', ts })
    return join.takeOutputs().joined.map((p) => p.right.ts)
  }
  t.same(at(true, true), [8, 9, 10, 11])
  t.same(at(false, true), [9, 10, 11])
  t.same(at(true, false), [8, 9, 10])
  t.same(at(false, false), [9, 10])
})

t.test('emits a lost bid once, only when the watermark passes bid.ts + upperBound', async (t) => {
  const join = bidToImpression('left')
  const lost = { tx_id: 'lost', ts: 0, campaign: 1 }
  const won = { tx_id: 'won', ts: 0, campaign: 1 }
  join.processLeft(lost)
  join.processLeft(won)
  join.processRight({ tx_id: 'won', ts: 10, win_price: 2 })
  join.advanceWatermark(300_000)
  t.same(join.takeOutputs().unmatched, [], 'at wm = ts + upper an impression at that ms could still join')
  join.advanceWatermark(300_001)
  t.same(join.takeOutputs().unmatched, [{ key: 'lost', left: lost, right: null, ts: 0 }])
  join.advanceWatermark(900_000)
  t.same(join.takeOutputs().unmatched, [], 'never twice')
  t.same(
    join.snapshot(),
    { format: 'interval-join', version: 1, bounds: [0, 300_000, true, true], outer: 'left', watermark: 900_000, keys: [] },
    'and the state is gone',
  )
})

t.test('keeps each element until the watermark passes the last time a partner could have', async (t) => {
  const b = { lowerBound: -5, upperBound: 5, lowerInclusive: true, upperInclusive: true }
  const join = intervalJoin(joinOptions(b))
  join.processRight({ id: 'r', k: 'a', ts: 10 }) // reachable by lefts up to ts 10 - (-5) = 15
  join.processLeft({ id: 'l', k: 'b', ts: 10 }) // reachable by rights up to ts 10 + 5 = 15
  // Older partners of neither, so both keys are due (and cleaned) at watermark 15.
  join.processLeft({ id: 'old-l', k: 'a', ts: 3 })
  join.processRight({ id: 'old-r', k: 'b', ts: 1 })
  join.advanceWatermark(15)
  join.processLeft({ id: 'l15', k: 'a', ts: 15 })
  join.processRight({ id: 'r15', k: 'b', ts: 15 })
  t.same(
    join.takeOutputs().joined.map((p) => `${p.left.id}|${p.right.id}`),
    ['l15|r', 'l|r15'],
  )
  join.advanceWatermark(16)
  join.processLeft({ id: 'l16', k: 'a', ts: 16 })
  t.same(join.takeOutputs().joined, [], 'one ms later nothing can reach them')
  const kept = (join.snapshot() as { keys: Array<[string, { l: [number, number, El][]; r: [number, El][] }]> }).keys
  t.same(
    kept.map(([k, s]) => [k, s.l.map((e) => e[2].id), s.r.map((e) => e[1].id)]),
    [
      ['a', ['l15', 'l16'], []],
      ['b', [], ['r15']],
    ],
    'r and l are gone',
  )
})

t.test('sends late elements to the side outputs instead of dropping them', async (t) => {
  const join = bidToImpression()
  join.advanceWatermark(5_000)
  const bid = { tx_id: 't', ts: 4_999, campaign: 1 }
  const imp = { tx_id: 't', ts: 4_000, win_price: 1 }
  join.processLeft(bid)
  join.processRight(imp)
  join.processLeft({ tx_id: 't', ts: 5_000, campaign: 1 }) // at the watermark: not late
  const out = join.takeOutputs()
  t.same(out.lateLeft, [bid])
  t.same(out.lateRight, [imp])
  t.same(out.joined, [])
  t.equal(join.watermark(), 5_000)
  join.advanceWatermark(10)
  t.equal(join.watermark(), 5_000, 'a lower watermark changes nothing')
})

t.test('shapes outputs with select', async (t) => {
  const join = intervalJoin({
    ...joinOptions({ lowerBound: 0, upperBound: 5, lowerInclusive: true, upperInclusive: true }),
    select: (l: El, r: El, key, ts) => `${key}:${l.id}+${r.id}@${ts}`,
  })
  join.processRight({ id: 'r', k: 'a', ts: 3 })
  join.processLeft({ id: 'l', k: 'a', ts: 1 })
  const joined: string[] = join.takeOutputs().joined
  t.same(joined, ['a:l+r@3'])
})

t.test('keeps its state in the store it is given, keyed and timed for cleanup', async (t) => {
  const store = new InMemoryKeyedStateStore<IntervalJoinKeyState<El, El>>()
  const join = intervalJoin({ ...joinOptions({ lowerBound: -1, upperBound: 4, lowerInclusive: true, upperInclusive: true }), store })
  join.processLeft({ id: 'l2', k: 'a', ts: 10 })
  join.processLeft({ id: 'l1', k: 'a', ts: 10 })
  join.processRight({ id: 'r', k: 'a', ts: 12 })
  t.same(
    store.get('a'),
    {
      l: [
        [10, 1, { id: 'l1', k: 'a', ts: 10 }],
        [10, 1, { id: 'l2', k: 'a', ts: 10 }],
      ],
      r: [[12, { id: 'r', k: 'a', ts: 12 }]],
    },
    'sorted by ts then JSON',
  )
  join.advanceWatermark(14)
  t.equal(store.size, 1, 'left until wm > 10 + 4, right until wm > 12 + 1')
  t.same(store.get('a')?.l.length, 2)
  t.same(store.get('a')?.r.length, 0)
  join.advanceWatermark(15)
  t.equal(store.size, 0)
  t.same(
    join.snapshot(),
    { format: 'interval-join', version: 1, bounds: [-1, 4, true, true], outer: 'inner', watermark: 15, keys: null },
    'an external store is not in the snapshot',
  )
})

t.test('rejects bad options and elements, naming the rule', async (t) => {
  const base = joinOptions({ lowerBound: 0, upperBound: 10, lowerInclusive: true, upperInclusive: true })
  const bad: Array<[object, RegExp]> = [
    [{ lowerBound: 5, upperBound: 4 }, /lowerBound must be <= upperBound \(got 5 > 4\)/],
    [{ lowerBound: 3, upperBound: 3, upperInclusive: false }, /lowerBound must be < upperBound when a bound is exclusive/],
    [{ lowerBound: 0.5 }, /lowerBound must be an integer number of milliseconds/],
    [{ upperBound: Infinity }, /upperBound must be an integer number of milliseconds/],
    [{ leftKey: 'tx_id' }, /leftKey must be a function/],
    [{ rightTimestamp: undefined }, /rightTimestamp must be a function/],
    [{ outer: 'right' }, /outer must be 'inner' or 'left', got "right"/],
    [{ lowerInclusive: 'yes' }, /must be booleans/],
    [{ select: 1 }, /select must be a function/],
    [{ store: {} }, /store must implement get, set, delete and dueKeys/],
  ]
  for (const [patch, rule] of bad) t.throws(() => intervalJoin({ ...base, ...patch } as never), rule)
  t.throws(() => intervalJoin(null as never), InvalidArgumentError)
  t.doesNotThrow(() => intervalJoin({ ...base, lowerBound: -10, upperBound: -10 }), 'equal negative bounds, both inclusive, are fine')

  const join = intervalJoin(base)
  t.throws(() => join.processLeft({ id: 'x', k: 'a', ts: 1.5 }), /left timestamp must be an integer number of epoch milliseconds, got 1.5/)
  t.throws(() => join.processRight({ id: 'x', k: NaN, ts: 1 }), /right key must be a string or a finite number, got NaN/)
  t.throws(() => join.advanceWatermark(NaN), new InvalidArgumentError('intervalJoin: watermark must be a number, got NaN'))
})

t.test('inner join output equals the nested-loop reference over all elements that were not late', async (t) => {
  fc.assert(
    fc.property(scenario, ([b, sequence]) => {
      const all: Op[] = [...sequence, { kind: 'wm', wm: Infinity }]
      const got = run(intervalJoin(joinOptions(b)), all, b.upperBound)
      const want = reference(b, all)
      return (
        JSON.stringify(got.pairs) === JSON.stringify(want.pairs) &&
        got.unmatched.length === 0 &&
        got.lateLeft.join() === want.lateLeft.join() &&
        got.lateRight.join() === want.lateRight.join()
      )
    }),
    { numRuns: 300 },
  )
  t.pass('held for 300 random scenarios')
})

t.test('left-outer: every accepted left is joined or emitted unmatched exactly once, never early', async (t) => {
  fc.assert(
    fc.property(scenario, fc.boolean(), ([b, sequence], flush) => {
      const all: Op[] = flush ? [...sequence, { kind: 'wm', wm: Infinity }] : sequence
      const got = run(intervalJoin(joinOptions(b, 'left')), all, b.upperBound)
      const want = reference(b, all)
      if (got.early !== 0) return false
      if (JSON.stringify(got.pairs) !== JSON.stringify(want.pairs)) return false
      if (new Set(got.unmatched).size !== got.unmatched.length) return false
      // Every emitted unmatched left is a reference unmatched one; after the final flush, all of them are.
      if (!got.unmatched.every((id) => want.unmatched.includes(id))) return false
      return !flush || JSON.stringify(got.unmatched) === JSON.stringify(want.unmatched)
    }),
    { numRuns: 300 },
  )
  t.pass('held for 300 random scenarios')
})

t.test('the watermark removes exactly the state nothing can match any more', async (t) => {
  fc.assert(
    fc.property(scenario, ([b, sequence]) => {
      const join = intervalJoin(joinOptions(b, 'left'))
      for (const op of sequence) {
        if (op.kind === 'wm') join.advanceWatermark(op.wm)
        else if (op.kind === 'left') join.processLeft(op.el)
        else join.processRight(op.el)
        const snap = join.snapshot() as { keys: Array<[unknown, { l: [number][]; r: [number][] }]> }
        const wm = join.watermark()
        for (const [, s] of snap.keys) {
          if (s.l.some(([ts]) => wm > ts + b.upperBound)) return false
          if (s.r.some(([ts]) => wm > ts - b.lowerBound)) return false
        }
      }
      join.advanceWatermark(Infinity)
      return (join.snapshot() as { keys: unknown[] }).keys.length === 0
    }),
    { numRuns: 200 },
  )
  t.pass('no expired entry is ever kept, and the end of the stream leaves nothing')
})

t.test('the same elements in any arrival order give the same state bytes', async (t) => {
  const element = fc.record({
    side: fc.constantFrom('left' as const, 'right' as const),
    k: fc.constantFrom<string | number>('a', 1),
    ts: fc.integer({ min: 0, max: 6 }),
    id: fc.constantFrom('x', 'y', 'z'), // equal elements and equal timestamps exercise the tie-break
  })
  const sameTime = fc.array(element, { maxLength: 25 })
  fc.assert(
    fc.property(bounds(6), sameTime, fc.integer({ min: -5, max: 10 }), fc.infiniteStream(fc.nat()), (b, elements, wm, seeds) => {
      const shuffled = elements
        .map((e) => ({ e, s: seeds.next().value as number }))
        .sort((x, y) => x.s - y.s)
        .map((x) => x.e)
      const snapshotAfter = (list: typeof elements) => {
        const join = intervalJoin(joinOptions(b, 'left'))
        for (const e of list) {
          const el = { id: e.id, k: e.k, ts: e.ts }
          if (e.side === 'left') join.processLeft(el)
          else join.processRight(el)
        }
        join.advanceWatermark(wm)
        return JSON.stringify(join.snapshot())
      }
      return snapshotAfter(elements) === snapshotAfter(shuffled)
    }),
    { numRuns: 200 },
  )
  t.pass('state is canonical')
})

t.test('outputs do not depend on the order in which the store lists due keys', async (t) => {
  class ReversingStore extends InMemoryKeyedStateStore<IntervalJoinKeyState<El, El>> {
    override dueKeys(watermark: number) {
      return super.dueKeys(watermark).reverse()
    }
  }
  fc.assert(
    fc.property(scenario, ([b, body]) => {
      const sequence: Op[] = [...body, { kind: 'wm', wm: Infinity }]
      const plain = intervalJoin(joinOptions(b, 'left'))
      const reversing = intervalJoin({ ...joinOptions(b, 'left'), store: new ReversingStore() })
      for (const op of sequence) {
        for (const join of [plain, reversing]) {
          if (op.kind === 'wm') join.advanceWatermark(op.wm)
          else if (op.kind === 'left') join.processLeft(op.el)
          else join.processRight(op.el)
        }
      }
      return JSON.stringify(plain.takeOutputs()) === JSON.stringify(reversing.takeOutputs())
    }),
    { numRuns: 200 },
  )
  t.pass('same outputs')
})

t.test('the join and the window operator read their watermark alike, NO_WATERMARK before the first', async (t) => {
  const join = bidToImpression()
  const op = createWindowOperator({
    keyBy: (b: Bid) => b.campaign,
    timestamp: (b) => b.ts,
    assigner: tumblingWindows({ size: 10 }),
    watermark: { bound: 0 },
    aggregate: count(),
  })
  t.equal(join.watermark(), NO_WATERMARK)
  t.equal(op.watermark(), NO_WATERMARK)
  join.advanceWatermark(41)
  op.advanceWatermark(41)
  t.equal(join.watermark(), op.watermark())
  const restored = JSON.parse(JSON.stringify(bidToImpression().snapshot())) as { watermark: unknown }
  t.equal(restored.watermark, null, 'no watermark yet is stored as null, as before')
})
