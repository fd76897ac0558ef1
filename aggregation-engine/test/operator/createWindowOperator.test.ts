import t from 'tap'
import { globalWindows } from '../../src/assigners/globalWindows.js'
import { sessionWindows } from '../../src/assigners/sessionWindows.js'
import { slidingWindows } from '../../src/assigners/slidingWindows.js'
import { tumblingWindows } from '../../src/assigners/tumblingWindows.js'
import { EngineError, InvalidArgumentError } from '../../src/errors.js'
import { createWindowOperator } from '../../src/operator/createWindowOperator.js'
import { restoreWindowOperator } from '../../src/operator/restoreWindowOperator.js'
import { continuousEventTimeTrigger } from '../../src/triggers/continuousEventTimeTrigger.js'
import { countTrigger } from '../../src/triggers/countTrigger.js'
import { purging } from '../../src/triggers/purging.js'
import type { Trigger } from '../../src/triggers/Trigger.js'
import { NO_WATERMARK } from '../../src/watermarks/WatermarkGenerator.js'
import { idsAggregate, type Ev } from './_support.js'

const base = {
  keyBy: (e: Ev) => e.key,
  timestamp: (e: Ev) => e.ts,
  aggregate: idsAggregate,
}
const ev = (id: number, key: Ev['key'], ts: number): Ev => ({ id, key, ts })
const brief = (results: readonly { key: unknown; window: { start: number }; value: unknown; firing: string }[]) =>
  results.map((r) => [r.key, r.window.start, r.value, r.firing])

t.test('a tumbling window fires on time when the watermark reaches end - 1', async (t) => {
  const op = createWindowOperator({ ...base, assigner: tumblingWindows({ size: 10 }), watermark: { bound: 2 } })
  t.equal(op.watermark(), NO_WATERMARK)
  op.processElement(ev(1, 'a', 3))
  op.processElement(ev(2, 'b', 5))
  op.processElement(ev(3, 'a', 11)) // watermark 8: nothing yet
  t.same(op.takeOutputs(), { results: [], late: [] })
  op.processHeartbeat(12) // watermark 9 = end - 1 of [0, 10)
  const { results } = op.takeOutputs()
  t.same(results, [
    { key: 'a', window: { start: 0, end: 10 }, value: [1], firing: 'on-time', watermark: 9 },
    { key: 'b', window: { start: 0, end: 10 }, value: [2], firing: 'on-time', watermark: 9 },
  ])
  t.equal(op.watermark(), 9)
})

t.test('within allowed lateness a late element fires the updated full result; beyond it goes to the late output', async (t) => {
  const op = createWindowOperator({ ...base, assigner: tumblingWindows({ size: 10 }), watermark: { bound: 0 }, allowedLateness: 5 })
  op.processElement(ev(1, 'a', 3))
  op.processElement(ev(2, 'a', 10)) // watermark 9: [0,10) fires on time
  op.processElement(ev(3, 'a', 4)) // late but allowed (9 + 5 > 9): late firing with [1, 3]
  op.processElement(ev(4, 'a', 14)) // watermark 13: 9 + 5 = 14 > 13 still open
  op.processElement(ev(5, 'a', 8)) // late firing [1, 3, 5]
  op.processElement(ev(6, 'a', 15)) // watermark 14: [0,10) cleaned up
  op.processElement(ev(7, 'a', 9)) // beyond lateness: late side output, never silently lost
  const { results, late } = op.takeOutputs()
  t.same(brief(results), [
    ['a', 0, [1], 'on-time'],
    ['a', 0, [1, 3], 'late'],
    ['a', 0, [1, 3, 5], 'late'],
  ])
  t.same(
    late.map((e) => e.id),
    [7],
  )
})

t.test('a sliding element is dropped only when every window it belongs to is too late', async (t) => {
  const op = createWindowOperator({ ...base, assigner: slidingWindows({ size: 10, slide: 5 }), watermark: { bound: 0 } })
  op.processElement(ev(1, 'k', 20)) // watermark 19
  op.processElement(ev(2, 'k', 12)) // windows [10,20) (late: 19 <= 19) and [5,15) (late): dropped
  op.processElement(ev(3, 'k', 17)) // [15,25) open, [10,20) late: accepted into [15,25) only
  op.advanceWatermark(100)
  const { results, late } = op.takeOutputs()
  t.same(
    late.map((e) => e.id),
    [2],
  )
  t.same(brief(results), [
    ['k', 15, [1, 3], 'on-time'],
    ['k', 20, [1], 'on-time'],
  ])
})

t.test('a count trigger fires global windows every n elements; purging makes each result cover n', async (t) => {
  const counting = createWindowOperator({ ...base, assigner: globalWindows(), trigger: countTrigger(2), watermark: { bound: 0 } })
  const purgingOp = createWindowOperator({ ...base, assigner: globalWindows(), trigger: purging(countTrigger(2)), watermark: { bound: 0 } })
  for (const op of [counting, purgingOp]) {
    for (let id = 1; id <= 5; id++) op.processElement(ev(id, 'k', id * 1000))
    op.advanceWatermark(Number.MAX_SAFE_INTEGER - 1) // nothing is ever late or cleaned in the global window
    op.processElement(ev(6, 'k', 0))
  }
  t.same(
    counting.takeOutputs().results.map((r) => [r.value, r.firing]),
    [
      [[1, 2], 'early'],
      [[1, 2, 3, 4], 'early'],
      [[1, 2, 3, 4, 5, 6], 'early'],
    ],
  )
  t.same(
    purgingOp.takeOutputs().results.map((r) => r.value),
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
  )
})

t.test('a global window with its default trigger never fires, but its accumulators can be flushed', async (t) => {
  const op = createWindowOperator({ ...base, assigner: globalWindows(), watermark: { bound: 0 } })
  op.processElement(ev(1, 'k', 5))
  op.advanceWatermark(1e15)
  t.same(op.takeOutputs().results, [])
  t.same(op.flushPartials(), [{ key: 'k', window: { start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER }, accumulator: [1] }])
})

t.test('a continuous event-time trigger fires early every interval, then on time', async (t) => {
  const op = createWindowOperator({
    ...base,
    assigner: tumblingWindows({ size: 100 }),
    trigger: continuousEventTimeTrigger(30),
    watermark: { bound: 0 },
  })
  op.processElement(ev(1, 'k', 5)) // early firing scheduled at 30
  op.processElement(ev(2, 'k', 31)) // watermark 30: early [1, 2]; next at 60
  op.processElement(ev(3, 'k', 50))
  op.processHeartbeat(95) // watermark 94: early at 60 and 90
  op.processHeartbeat(100) // watermark 99: on time
  t.same(
    op.takeOutputs().results.map((r) => [r.value, r.firing, r.watermark]),
    [
      [[1, 2], 'early', 30],
      [[1, 2, 3], 'early', 94],
      [[1, 2, 3], 'early', 94],
      [[1, 2, 3], 'on-time', 99],
    ],
  )
})

t.test('the process hook sees key, window, watermark and firing and shapes the value', async (t) => {
  const op = createWindowOperator({
    ...base,
    assigner: tumblingWindows({ size: 10 }),
    watermark: { bound: 0 },
    process: (ctx, ids: number[]) => `${String(ctx.key)}[${ctx.window.start},${ctx.window.end}) ${ctx.firing} wm=${ctx.watermark}: ${ids.length}`,
  })
  op.processElement(ev(1, 7, 1))
  op.processElement(ev(2, 7, 2))
  op.processHeartbeat(10)
  t.same(
    op.takeOutputs().results.map((r) => r.value),
    ['7[0,10) on-time wm=9: 2'],
  )
})

t.test('reduce runs as an aggregate over the elements', async (t) => {
  type Sale = { shop: string; ts: number; amount: number }
  const op = createWindowOperator({
    keyBy: (s: Sale) => s.shop,
    timestamp: (s: Sale) => s.ts,
    assigner: tumblingWindows({ size: 60 }),
    watermark: { bound: 0 },
    reduce: (a: Sale, b: Sale) => ({ ...a, amount: a.amount + b.amount }),
  })
  op.processElement({ shop: 'x', ts: 1, amount: 5 })
  op.processElement({ shop: 'x', ts: 2, amount: 7 })
  op.processHeartbeat(60)
  t.same(
    op.takeOutputs().results.map((r) => r.value.amount),
    [12],
  )
})

t.test('processing-time windows assign and fire by the injected processing time, never a clock', async (t) => {
  const op = createWindowOperator({ ...base, assigner: tumblingWindows({ size: 1000, timeDomain: 'processing' }), watermark: { bound: 0 } })
  t.throws(() => op.processElement(ev(1, 'k', 0)), EngineError)
  op.advanceProcessingTime(1500)
  op.processElement(ev(1, 'k', 5)) // event time is irrelevant for assignment
  op.processElement(ev(2, 'k', 999_999))
  op.advanceProcessingTime(1998)
  t.same(op.takeOutputs().results, [])
  op.advanceProcessingTime(1999)
  op.processElement(ev(3, 'k', 1)) // still processing time 1999: [1000, 2000) again, a fresh window firing at the next advance
  op.advanceProcessingTime(2000)
  op.processElement(ev(4, 'k', 1))
  op.advanceProcessingTime(3500)
  t.same(brief(op.takeOutputs().results), [
    ['k', 1000, [1, 2], 'on-time'],
    ['k', 1000, [3], 'on-time'],
    ['k', 2000, [4], 'on-time'],
  ])
})

t.test('session windows merge overlapping and touching windows; a late element can bridge two sessions', async (t) => {
  const op = createWindowOperator({ ...base, assigner: sessionWindows({ gap: 10 }), watermark: { bound: 0 }, allowedLateness: 100 })
  op.processElement(ev(1, 'k', 0)) // [0,10)
  op.processElement(ev(2, 'k', 10)) // touches: [0,20)
  op.processElement(ev(3, 'k', 35)) // [35,45); watermark 34: [0,20) fires
  op.processElement(ev(4, 'k', 25)) // [25,35) touches [35,45): [25,45)
  op.processElement(ev(5, 'k', 60)) // watermark 59: [25,45) fires
  op.processElement(ev(6, 'k', 18)) // [18,28) bridges [0,20) and [25,45) → [0,45): late firing
  const { results } = op.takeOutputs()
  t.same(
    results.map((r) => [r.window, r.value, r.firing]),
    [
      [{ start: 0, end: 20 }, [1, 2], 'on-time'],
      [{ start: 25, end: 45 }, [3, 4], 'on-time'],
      [{ start: 0, end: 45 }, [1, 2, 3, 4, 6], 'late'],
    ],
  )
})

t.test('a count trigger on sessions adds counts up when sessions merge', async (t) => {
  const op = createWindowOperator({ ...base, assigner: sessionWindows({ gap: 10 }), trigger: countTrigger(3), watermark: { bound: 1000 } })
  op.processElement(ev(1, 'k', 0)) // [0,10)
  op.processElement(ev(2, 'k', 20)) // [20,30)
  op.processElement(ev(3, 'k', 10)) // [10,20) touches both: [0,30) with count 1 + 1, then 3 with the element → fires
  t.same(
    op.takeOutputs().results.map((r) => [r.window, r.value]),
    [[{ start: 0, end: 30 }, [1, 2, 3]]],
  )
})

t.test('flushPartials moves accumulators out; windows keep firing what arrives after', async (t) => {
  const op = createWindowOperator({ ...base, assigner: tumblingWindows({ size: 10 }), watermark: { bound: 0 }, allowedLateness: 50 })
  op.processElement(ev(1, 'b', 1))
  op.processElement(ev(2, 'a', 2))
  op.processElement(ev(3, 'a', 12))
  t.same(op.flushPartials(), [
    { key: 'a', window: { start: 0, end: 10 }, accumulator: [2] },
    { key: 'b', window: { start: 0, end: 10 }, accumulator: [1] },
    { key: 'a', window: { start: 10, end: 20 }, accumulator: [3] },
  ])
  t.same(op.flushPartials(), [])
  op.processElement(ev(4, 'a', 3)) // window [0,10) already fired on time (before the flush): late firing of what is new
  t.same(brief(op.takeOutputs().results), [
    ['a', 0, [2], 'on-time'],
    ['b', 0, [1], 'on-time'],
    ['a', 0, [4], 'late'],
  ])
  t.same(op.flushPartials(), [{ key: 'a', window: { start: 0, end: 10 }, accumulator: [4] }])
})

t.test('a cleanup keeps what was not flushed until the next flush: partials never lose an element', async (t) => {
  const op = createWindowOperator({ ...base, assigner: tumblingWindows({ size: 10 }), watermark: { bound: 0 } })
  op.processElement(ev(1, 'a', 1))
  op.processElement(ev(2, 'a', 25)) // cleans [0,10) up
  const restored = restoreWindowOperator(
    { ...base, assigner: tumblingWindows({ size: 10 }), watermark: { bound: 0 } },
    JSON.parse(JSON.stringify(op.snapshot())),
  )
  if (!restored.ok) throw restored.error
  for (const each of [op, restored.operator]) {
    t.same(each.flushPartials(), [
      { key: 'a', window: { start: 0, end: 10 }, accumulator: [1] },
      { key: 'a', window: { start: 20, end: 30 }, accumulator: [2] },
    ])
  }
  t.same(op.flushPartials(), [], 'handed out once')
})

t.test('invalid options throw InvalidArgumentError naming the rule', async (t) => {
  const assigner = tumblingWindows({ size: 10 })
  const watermark = { bound: 0 }
  t.throws(
    () => createWindowOperator({ ...base, assigner, watermark, reduce: (a: Ev) => a } as never),
    new InvalidArgumentError('exactly one of aggregate or reduce must be given'),
  )
  t.throws(() => createWindowOperator({ keyBy: base.keyBy, timestamp: base.timestamp, assigner, watermark } as never), /exactly one of aggregate or reduce/)
  t.throws(() => createWindowOperator({ ...base, assigner, watermark, allowedLateness: -1 }), /allowedLateness must be a non-negative integer/)
  t.throws(() => createWindowOperator({ ...base, assigner, watermark: { bound: -5 } }), /bound must be a non-negative integer/)
  t.throws(() => createWindowOperator({ ...base, assigner } as never), /watermark must be given/)
  const unmergeable: Trigger = { ...countTrigger(2), canMerge: false }
  t.throws(
    () => createWindowOperator({ ...base, assigner: sessionWindows({ gap: 5 }), trigger: unmergeable, watermark }),
    new InvalidArgumentError('a merging assigner needs a trigger that can merge'),
  )
  t.throws(() => createWindowOperator({ ...base, assigner, watermark, accumulatorBytes: -1 }), /accumulatorBytes/)
})

t.test('an element with a bad key or timestamp throws and changes nothing', async (t) => {
  const op = createWindowOperator({
    keyBy: (e: { key: unknown; ts: number }) => e.key as string,
    timestamp: (e) => e.ts,
    aggregate: { createAccumulator: () => 0, add: (_e, n: number) => n + 1, merge: (a, b) => a + b, getResult: (n) => n },
    assigner: tumblingWindows({ size: 10 }),
    watermark: { bound: 0 },
  })
  const before = JSON.stringify(op.snapshot())
  t.throws(() => op.processElement({ key: Number.NaN, ts: 1 }), new InvalidArgumentError('key must be a string or a finite number'))
  t.throws(() => op.processElement({ key: {}, ts: 1 }), InvalidArgumentError)
  t.throws(() => op.processElement({ key: 'k', ts: 1.5 }), /timestamp must be a safe integer/)
  t.throws(() => op.processElement({ key: 'k', ts: Number.NaN }), /timestamp must be a safe integer/)
  t.throws(() => op.processHeartbeat(Number.POSITIVE_INFINITY), /heartbeat timestamp must be a safe integer/)
  t.throws(() => op.advanceWatermark(0.5), /watermark must be a safe integer/)
  t.throws(() => op.advanceProcessingTime(Number.NaN), /processing time must be a safe integer/)
  t.equal(JSON.stringify(op.snapshot()), before)
  op.processElement({ key: -0, ts: 1 })
  op.processElement({ key: 0, ts: 2 })
  t.same(op.flushPartials(), [{ key: 0, window: { start: 0, end: 10 }, accumulator: 2 }], '-0 and 0 are one key')
})

t.test('advanceWatermark raises the watermark (never lowers it) and fires what is due', async (t) => {
  const op = createWindowOperator({ ...base, assigner: tumblingWindows({ size: 10 }), watermark: { bound: 1000 } })
  op.processElement(ev(1, 'k', 5))
  op.advanceWatermark(9)
  op.advanceWatermark(3)
  t.equal(op.watermark(), 9)
  t.same(brief(op.takeOutputs().results), [['k', 0, [1], 'on-time']])
  op.processElement(ev(2, 'k', 20)) // the generator's watermark (-981) is below the explicit one: no change
  t.equal(op.watermark(), 9)
})

t.test('idleness is reported and does not move the watermark', async (t) => {
  const op = createWindowOperator({ ...base, assigner: tumblingWindows({ size: 10 }), watermark: { bound: 0, idleness: 100 } })
  op.advanceProcessingTime(1000)
  op.processElement(ev(1, 'k', 5))
  op.advanceProcessingTime(1099)
  t.notOk(op.isIdle())
  op.advanceProcessingTime(1100)
  t.ok(op.isIdle())
  t.equal(op.watermark(), 4)
  op.processElement(ev(2, 'k', 6))
  t.notOk(op.isIdle())
})
