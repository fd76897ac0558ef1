import fc from 'fast-check'
import t from 'tap'
import { tumblingWindows } from '../../src/assigners/tumblingWindows.js'
import { InvalidArgumentError } from '../../src/errors.js'

t.test('assigns the epoch-aligned window of the timestamp', async (t) => {
  const minute = tumblingWindows({ size: 60_000 })
  t.same(minute.assign(0), [{ start: 0, end: 60_000 }])
  t.same(minute.assign(59_999), [{ start: 0, end: 60_000 }])
  t.same(minute.assign(61_000), [{ start: 60_000, end: 120_000 }])
  t.equal(minute.isMerging, false)
  t.equal(minute.timeDomain, 'event')
  t.equal(minute.name, 'tumbling(60000,0,event)')
  t.equal(minute.defaultTrigger().name, 'eventTime')
})

t.test('negative timestamps fall in the window below zero', async (t) => {
  const w = tumblingWindows({ size: 10 })
  t.same(w.assign(-1), [{ start: -10, end: 0 }])
  t.same(w.assign(-10), [{ start: -10, end: 0 }])
  t.same(w.assign(-11), [{ start: -20, end: -10 }])
})

t.test('an offset shifts the alignment', async (t) => {
  const hour = 3_600_000
  const utc8Days = tumblingWindows({ size: 24 * hour, offset: -8 * hour })
  t.same(utc8Days.assign(0), [{ start: -8 * hour, end: 16 * hour }])
  t.same(utc8Days.assign(16 * hour), [{ start: 16 * hour, end: 40 * hour }])
  t.same(tumblingWindows({ size: 10, offset: 3 }).assign(2), [{ start: -7, end: 3 }])
})

t.test('processing-time windows use the processing-time trigger', async (t) => {
  const w = tumblingWindows({ size: 1000, timeDomain: 'processing' })
  t.equal(w.timeDomain, 'processing')
  t.equal(w.defaultTrigger().name, 'processingTime')
})

t.test('bad arguments throw InvalidArgumentError naming the rule', async (t) => {
  t.throws(() => tumblingWindows({ size: 0 }), new InvalidArgumentError('size must be a positive integer (milliseconds)'))
  t.throws(() => tumblingWindows({ size: 1.5 }), InvalidArgumentError)
  t.throws(() => tumblingWindows({ size: 10, offset: 10 }), new InvalidArgumentError('offset must be smaller than size in absolute value'))
  t.throws(() => tumblingWindows({ size: 10, offset: -10 }), /offset must be smaller than size/)
  t.throws(() => tumblingWindows({ size: 10, offset: 0.5 }), /offset must be an integer/)
  t.throws(() => tumblingWindows({ size: 10, timeDomain: 'wall' as never }), /timeDomain must be/)
})

t.test('every timestamp is in exactly one window, of the given size, aligned to the offset', async () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 100_000 }), fc.integer(), (ts, size, raw) => {
      const offset = raw % size
      const windows = tumblingWindows({ size, offset }).assign(ts)
      const [w] = windows
      return (
        windows.length === 1 && w !== undefined && w.end - w.start === size && w.start <= ts && ts < w.end && (((w.start - offset) % size) + size) % size === 0
      )
    }),
    { numRuns: 300 },
  )
})
