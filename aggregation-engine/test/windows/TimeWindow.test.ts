import fc from 'fast-check'
import t from 'tap'
import { InvalidArgumentError } from '../../src/errors.js'
import {
  coverWindows,
  timeWindow,
  windowContains,
  windowMaxTimestamp,
  windowStartWithOffset,
  windowsEqual,
  windowsIntersect,
  windowsOverlap,
  windowsTouch,
} from '../../src/windows/TimeWindow.js'

t.test('a window is half-open and its max timestamp is end - 1', async (t) => {
  const w = timeWindow(0, 10)
  t.equal(windowMaxTimestamp(w), 9)
  t.ok(windowContains(w, 0))
  t.ok(windowContains(w, 9))
  t.notOk(windowContains(w, 10))
  t.notOk(windowContains(w, -1))
})

t.test('timeWindow rejects empty and non-integer windows, naming the rule', async (t) => {
  t.throws(() => timeWindow(5, 5), new InvalidArgumentError('window start must be smaller than window end'))
  t.throws(() => timeWindow(0.5, 5), InvalidArgumentError)
  t.throws(() => timeWindow(0, Number.NaN), /safe integers/)
})

t.test('touching windows intersect (Flink) but do not overlap', async (t) => {
  const a = { start: 0, end: 5 }
  const b = { start: 5, end: 9 }
  const c = { start: 10, end: 12 }
  t.ok(windowsIntersect(a, b))
  t.ok(windowsTouch(a, b))
  t.notOk(windowsOverlap(a, b))
  t.notOk(windowsIntersect(b, c))
  t.ok(windowsOverlap({ start: 0, end: 6 }, b))
  t.same(coverWindows(a, c), { start: 0, end: 12 })
  t.ok(windowsEqual(coverWindows(a, b), { start: 0, end: 9 }))
})

t.test('windowStartWithOffset floors to the aligned grid, also for negative timestamps', async (t) => {
  t.equal(windowStartWithOffset(0, 0, 10), 0)
  t.equal(windowStartWithOffset(9, 0, 10), 0)
  t.equal(windowStartWithOffset(10, 0, 10), 10)
  t.equal(windowStartWithOffset(-1, 0, 10), -10)
  t.equal(windowStartWithOffset(-10, 0, 10), -10)
  t.equal(windowStartWithOffset(-11, 0, 10), -20)
  t.equal(windowStartWithOffset(1, 3, 10), -7)
  t.equal(windowStartWithOffset(3, 3, 10), 3)
  t.equal(windowStartWithOffset(2, -3, 10), -3)
  // hourly windows shifted by -8 h (UTC+8 days)
  const hour = 3_600_000
  t.equal(windowStartWithOffset(0, -8 * hour, 24 * hour), -8 * hour)
})

t.test('windowStartWithOffset: the start is aligned, at most ts, and ts is within size of it', async () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), fc.integer(), (ts, size, raw) => {
      const offset = raw % size
      const start = windowStartWithOffset(ts, offset, size)
      const mod = (((start - offset) % size) + size) % size
      return mod === 0 && start <= ts && ts < start + size
    }),
    { numRuns: 300 },
  )
})
