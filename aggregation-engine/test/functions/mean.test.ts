import t from 'tap'
import fc from 'fast-check'
import { mean } from '../../src/functions/mean.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { checkAggregateLaws } from '../laws/aggregateLaws.js'

t.test('gives the mean, or null when empty, from a [sum, count] accumulator', async (t) => {
  const fn = mean((e: { p: number }) => e.p)
  t.equal(fn.getResult(fn.createAccumulator()), null)
  const acc = [{ p: 1 }, { p: 2 }, { p: 6 }].reduce((a, e) => fn.add(e, a), fn.createAccumulator())
  t.same(fn.encode!(acc), [9, 3])
  t.equal(fn.getResult(acc), 3)
})

t.test('rejects non-finite values', async (t) => {
  const fn = mean()
  t.throws(() => fn.add(NaN, fn.createAccumulator()), new InvalidArgumentError('mean: values must be finite numbers, got NaN'))
})

t.test('decode rejects malformed accumulators', async (t) => {
  const fn = mean()
  for (const bad of [[], [1, -1], [1, 0.5], ['1', 2], null, [3, 0]]) t.throws(() => fn.decode!(bad), SnapshotFormatError)
  t.equal(fn.getResult(fn.decode!([10, 4])), 2.5)
})

checkAggregateLaws(t, 'mean()', mean(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }))
