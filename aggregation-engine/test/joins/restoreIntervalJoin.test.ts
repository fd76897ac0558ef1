import t from 'tap'
import fc from 'fast-check'
import { intervalJoin } from '../../src/joins/intervalJoin.js'
import type { JoinedPair } from '../../src/joins/intervalJoin.js'
import { restoreIntervalJoin } from '../../src/joins/restoreIntervalJoin.js'
import type { IntervalJoinOperator } from '../../src/joins/IntervalJoinOperator.js'
import { InMemoryKeyedStateStore } from '../../src/joins/InMemoryKeyedStateStore.js'
import type { IntervalJoinKeyState } from '../../src/joins/IntervalJoinKeyState.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import type { Json } from '../../src/types.js'
import { joinOptions, scenario, type El, type Op } from './scenario.js'

type Join = IntervalJoinOperator<El, El, JoinedPair<El, El>>

/** Applies ops and returns every output in order, as one comparable string per step. */
function drive(join: Join, sequence: readonly Op[]): string[] {
  return sequence.map((op) => {
    if (op.kind === 'wm') join.advanceWatermark(op.wm)
    else if (op.kind === 'left') join.processLeft(op.el)
    else join.processRight(op.el)
    const o = join.takeOutputs()
    return JSON.stringify([
      o.joined.map((p) => [p.key, p.left.id, p.right.id, p.ts]),
      o.unmatched.map((u) => [u.key, u.left.id, u.ts]),
      o.lateLeft,
      o.lateRight,
    ])
  })
}

const bid = { id: 'b1', k: 'tx', ts: 100 }
const options = joinOptions({ lowerBound: 0, upperBound: 50, lowerInclusive: true, upperInclusive: true }, 'left')
const snapshotWithBid = (): Json => {
  const join = intervalJoin(options)
  join.processLeft(bid)
  join.advanceWatermark(90)
  return JSON.parse(JSON.stringify(join.snapshot())) as Json
}

t.test('snapshot → JSON → restore at any point gives the same outputs afterwards', async (t) => {
  fc.assert(
    fc.property(scenario, fc.constantFrom<'inner' | 'left'>('inner', 'left'), fc.boolean(), fc.nat(), ([b, body], outer, external, cutAt) => {
      const sequence: Op[] = [...body, { kind: 'wm', wm: Infinity }]
      const cut = cutAt % (sequence.length + 1)
      const expected = drive(intervalJoin(joinOptions(b, outer)), sequence)

      const store = external ? new InMemoryKeyedStateStore<IntervalJoinKeyState<El, El>>() : undefined
      const withStore = store ? { ...joinOptions(b, outer), store } : joinOptions(b, outer)
      const first = intervalJoin(withStore)
      const before = drive(first, sequence.slice(0, cut))
      const snapshot = JSON.parse(JSON.stringify(first.snapshot())) as Json
      const restored = restoreIntervalJoin(withStore, snapshot)
      if (!restored.ok) return false
      const after = drive(restored.join, sequence.slice(cut))
      return JSON.stringify([...before, ...after]) === JSON.stringify(expected)
    }),
    { numRuns: 300 },
  )
  t.pass('held for 300 random scenarios and cut points, with owned and external stores')
})

t.test('a restored join continues from the snapshot: watermark, buffered elements, pending lost bids', async (t) => {
  const restored = restoreIntervalJoin(options, snapshotWithBid())
  if (!restored.ok) throw restored.error
  const join = restored.join
  t.equal(join.watermark(), 90)
  join.processRight({ id: 'i1', k: 'tx', ts: 120 })
  t.same(
    join.takeOutputs().joined.map((p) => p.right.id),
    ['i1'],
  )
  join.processLeft({ id: 'b2', k: 'tx2', ts: 95 })
  join.advanceWatermark(200)
  t.same(
    join.takeOutputs().unmatched.map((u) => u.left.id),
    ['b2'],
  )
})

t.test('keys restored into a given store stay there, and the join then leaves them out of its snapshot', async (t) => {
  const store = new InMemoryKeyedStateStore<IntervalJoinKeyState<El, El>>()
  const restored = restoreIntervalJoin({ ...options, store }, snapshotWithBid())
  t.ok(restored.ok)
  t.same(store.get('tx'), { l: [[100, 0, bid]], r: [] })
  t.same(store.dueKeys(151), ['tx'], 'with its timer')
  if (restored.ok) t.equal((restored.join.snapshot() as { keys: unknown }).keys, null)
})

t.test('reports a snapshot it cannot read as a SnapshotFormatError value, never a throw', async (t) => {
  const good = snapshotWithBid() as Record<string, Json>
  const cases: Array<[unknown, RegExp]> = [
    [null, /expected an object with format "interval-join"/],
    ['{}', /expected an object/],
    [{ ...good, version: 2 }, /version 2 is not readable \(this code reads version 1\)/],
    [{ ...good, bounds: [0, 60, true, true] }, /taken with bounds \[0,60,true,true\], the options say \[0,50,true,true\]/],
    [{ ...good, outer: 'inner' }, /taken for outer "inner", the options say "left"/],
    [{ ...good, watermark: 'soon' }, /watermark must be a number, null or "Infinity"/],
    [{ ...good, keys: {} }, /keys must be an array or null/],
    [{ ...good, keys: [['tx']] }, /each key entry must be \[key, state\]/],
    [{ ...good, keys: [[null, { l: [], r: [] }]] }, /keys must be strings or finite numbers/],
    [
      {
        ...good,
        keys: [
          ['tx', { l: [[100, 0, bid]], r: [] }],
          ['tx', { l: [[100, 0, bid]], r: [] }],
        ],
      },
      /key "tx" appears twice/,
    ],
    [{ ...good, keys: [['tx', { l: [[100, 2, bid]], r: [] }]] }, /left entries must be \[ts, 0\|1, element\]/],
    [{ ...good, keys: [['tx', { l: [], r: [[1.5, bid]] }]] }, /right entries must be \[ts, element\]/],
    [{ ...good, keys: [['other', { l: [[100, 0, bid]], r: [] }]] }, /a left element does not belong to key "other" at 100/],
    [{ ...good, keys: [['tx', { l: [[101, 0, bid]], r: [] }]] }, /does not belong to key "tx" at 101/],
    [{ ...good, keys: [['tx', { l: [], r: [] }]] }, /state of key "tx" is empty/],
    [{ ...good, keys: [['tx', { l: [[100, 0, null]], r: [] }]] }, /unreadable/], // the extractor throws on null
    [{ ...good, keys: null }, /its keyed state lives in an external store; pass that store as options.store/],
  ]
  for (const [snapshot, rule] of cases) {
    const restored = restoreIntervalJoin(options, snapshot)
    t.equal(restored.ok, false, JSON.stringify(snapshot))
    if (!restored.ok) {
      t.type(restored.error, SnapshotFormatError)
      t.match(restored.error.message, rule)
    }
  }
})

t.test('never throws on any JSON value or any damaged snapshot', async (t) => {
  const good = JSON.stringify(snapshotWithBid())
  // A valid snapshot's text with a random slice replaced by random text…
  const damagedText = fc
    .tuple(fc.nat(good.length), fc.nat(good.length), fc.string())
    .map(([a, b, s]) => good.slice(0, Math.min(a, b)) + s + good.slice(Math.max(a, b)))
  // …or with one value anywhere inside replaced by random JSON.
  const paths: Array<Array<string | number>> = []
  const walk = (v: unknown, path: Array<string | number>): void => {
    paths.push(path)
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]))
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k])
  }
  walk(JSON.parse(good), [])
  const damagedValue = fc.tuple(fc.nat(paths.length - 1), fc.jsonValue({ maxDepth: 2 })).map(([i, replacement]) => {
    const copy = JSON.parse(good) as Record<string | number, unknown>
    const path = paths[i] as Array<string | number>
    if (path.length === 0) return replacement
    let at: Record<string | number, unknown> = copy
    for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>
    at[path[path.length - 1] as string | number] = replacement
    return copy
  })
  const damaged = fc.oneof(damagedText, damagedValue)
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), damaged), (value) => {
      let parsed: unknown = value
      if (typeof value === 'string') {
        try {
          parsed = JSON.parse(value)
        } catch {
          parsed = value
        }
      }
      const restored = restoreIntervalJoin(options, parsed)
      return restored.ok || restored.error instanceof SnapshotFormatError
    }),
    { numRuns: 500 },
  )
  t.pass('always a result')
})

t.test('still throws InvalidArgumentError for invalid options', async (t) => {
  t.throws(() => restoreIntervalJoin({ ...options, lowerBound: 99 }, snapshotWithBid()), InvalidArgumentError)
})
