import fc from 'fast-check'
import t from 'tap'
import { slidingWindows } from '../../src/assigners/slidingWindows.js'
import { InvalidArgumentError } from '../../src/errors.js'

t.test("assigns every window containing the timestamp, latest first (Flink's loop)", async (t) => {
  const w = slidingWindows({ size: 10, slide: 5 })
  t.same(w.assign(7), [
    { start: 5, end: 15 },
    { start: 0, end: 10 },
  ])
  t.same(w.assign(-1), [
    { start: -5, end: 5 },
    { start: -10, end: 0 },
  ])
  t.same(slidingWindows({ size: 10, slide: 5, offset: 2 }).assign(1), [
    { start: -3, end: 7 },
    { start: -8, end: 2 },
  ])
  t.equal(w.name, 'sliding(10,5,0,event)')
  t.equal(w.isMerging, false)
})

t.test('bad arguments throw InvalidArgumentError naming the rule', async (t) => {
  t.throws(() => slidingWindows({ size: 10, slide: 0 }), new InvalidArgumentError('slide must be a positive integer (milliseconds)'))
  t.throws(() => slidingWindows({ size: -1, slide: 1 }), /size must be a positive integer/)
  t.throws(() => slidingWindows({ size: 5, slide: 10 }), new InvalidArgumentError('slide must not be larger than size'))
  t.throws(() => slidingWindows({ size: 10, slide: 5, offset: 5 }), new InvalidArgumentError('offset must be smaller than slide in absolute value'))
})

t.test('membership: exactly the aligned windows that contain the element, ceil(size/slide) when slide divides size', async () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -10_000, max: 10_000 }),
      fc.integer({ min: 1, max: 60 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer(),
      fc.boolean(),
      (ts, slide, factor, raw, divides) => {
        const size = divides ? slide * factor : slide * factor + (raw % slide === 0 ? 0 : Math.abs(raw % slide))
        const offset = raw % slide
        const windows = slidingWindows({ size, slide, offset }).assign(ts)
        // brute force: every start aligned to offset (mod slide) with start <= ts < start + size
        const expected: number[] = []
        for (let start = ts - size + 1; start <= ts; start++) {
          if ((((start - offset) % slide) + slide) % slide === 0) expected.push(start)
        }
        const starts = windows.map((w) => w.start).sort((a, b) => a - b)
        const sizesOk = windows.every((w) => w.end - w.start === size && w.start <= ts && ts < w.end)
        const countOk = size % slide !== 0 || windows.length === Math.ceil(size / slide)
        const boundOk = windows.length <= Math.ceil(size / slide) && windows.length >= Math.floor(size / slide)
        return sizesOk && countOk && boundOk && JSON.stringify(starts) === JSON.stringify(expected)
      },
    ),
    { numRuns: 300 },
  )
})
