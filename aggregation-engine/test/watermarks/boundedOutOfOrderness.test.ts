import fc from 'fast-check'
import t from 'tap'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { boundedOutOfOrderness } from '../../src/watermarks/boundedOutOfOrderness.js'
import { NO_WATERMARK } from '../../src/watermarks/WatermarkGenerator.js'

t.test('watermark = max timestamp - bound - 1, starting at NO_WATERMARK', async (t) => {
  const wm = boundedOutOfOrderness({ bound: 5000 })
  t.equal(wm.currentWatermark(), NO_WATERMARK)
  t.equal(NO_WATERMARK, Number.MIN_SAFE_INTEGER)
  wm.onEvent(10_000)
  t.equal(wm.currentWatermark(), 4999)
  wm.onEvent(7_000) // out of order: never goes back
  t.equal(wm.currentWatermark(), 4999)
  wm.onEvent(-50_000)
  t.equal(wm.currentWatermark(), 4999)
  const zero = boundedOutOfOrderness({ bound: 0 })
  zero.onEvent(-3)
  t.equal(zero.currentWatermark(), -4)
})

t.test('heartbeats advance the watermark like elements but are no activity', async (t) => {
  const wm = boundedOutOfOrderness({ bound: 10, idleness: 100 })
  wm.onProcessingTime(0)
  wm.onEvent(50)
  wm.onHeartbeat(200)
  t.equal(wm.currentWatermark(), 189)
  wm.onProcessingTime(99)
  t.notOk(wm.isIdle())
  wm.onHeartbeat(300)
  wm.onProcessingTime(100)
  t.ok(wm.isIdle(), 'idle: no element for 100 ms, heartbeats notwithstanding')
  t.equal(wm.currentWatermark(), 289, 'idleness marks only; the watermark does not move by itself')
  wm.onEvent(10)
  t.notOk(wm.isIdle())
  t.equal(wm.currentWatermark(), 289)
})

t.test('idleness counts from the first processing time given; without idleness never idle', async (t) => {
  const wm = boundedOutOfOrderness({ bound: 0, idleness: 10 })
  t.notOk(wm.isIdle())
  wm.onProcessingTime(1000)
  t.notOk(wm.isIdle())
  wm.onProcessingTime(1010)
  t.ok(wm.isIdle())
  wm.onProcessingTime(5) // processing time never goes back
  t.ok(wm.isIdle())
  const never = boundedOutOfOrderness({ bound: 0 })
  never.onProcessingTime(0)
  never.onProcessingTime(1e12)
  t.notOk(never.isIdle())
})

t.test('snapshot and restore carry the whole state; garbage is reported, not thrown', async (t) => {
  const a = boundedOutOfOrderness({ bound: 7, idleness: 50 })
  a.onProcessingTime(100)
  a.onEvent(1000)
  const b = boundedOutOfOrderness({ bound: 7, idleness: 50 })
  t.equal(b.restore(JSON.parse(JSON.stringify(a.snapshot()))), undefined)
  t.equal(b.currentWatermark(), 992)
  b.onProcessingTime(150)
  t.ok(b.isIdle())
  for (const bad of [null, 3, [1, 2], ['x', null, null], [1.5, null, null], {}]) {
    const c = boundedOutOfOrderness({ bound: 7 })
    c.onEvent(20)
    const error = c.restore(bad)
    t.type(error, SnapshotFormatError)
    t.equal(c.currentWatermark(), 12, 'a failed restore changes nothing')
  }
})

t.test('bad arguments throw InvalidArgumentError naming the rule', async (t) => {
  t.throws(() => boundedOutOfOrderness({ bound: -1 }), new InvalidArgumentError('bound must be a non-negative integer (milliseconds)'))
  t.throws(() => boundedOutOfOrderness({ bound: 0, idleness: 0 }), new InvalidArgumentError('idleness must be a positive integer (milliseconds)'))
  t.throws(() => boundedOutOfOrderness({ bound: 0 }).onEvent(Number.NaN), /timestamp must be a safe integer/)
})

t.test('the watermark is the running maximum of (ts - bound - 1) over elements and heartbeats', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -1e6, max: 1e6 })), { maxLength: 40 }), (bound, items) => {
      const wm = boundedOutOfOrderness({ bound })
      let expected = NO_WATERMARK
      for (const [heartbeat, ts] of items) {
        if (heartbeat) wm.onHeartbeat(ts)
        else wm.onEvent(ts)
        expected = Math.max(expected, ts - bound - 1)
        if (wm.currentWatermark() !== expected) return false
      }
      return true
    }),
    { numRuns: 200 },
  )
})
