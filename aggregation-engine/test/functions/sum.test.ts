import t from 'tap'
import fc from 'fast-check'
import { sum } from '../../src/functions/sum.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { checkAggregateLaws } from '../laws/aggregateLaws.js'

const all = <T>(fn: ReturnType<typeof sum<T>>, xs: T[]): number => fn.getResult(xs.reduce((acc, x) => fn.add(x, acc), fn.createAccumulator()))

t.test('sums exactly, so the total does not depend on order or grouping', async (t) => {
  t.equal(all(sum(), [0.1, 0.2, 0.3]), 0.6)
  t.equal(all(sum(), [1e100, 1, -1e100]), 1)
  t.equal(
    all(
      sum(),
      Array.from({ length: 10 }, () => 0.1),
    ),
    1,
  )
  t.equal(
    all(
      sum((e: { win_price: number }) => e.win_price),
      [{ win_price: 1.5 }, { win_price: 2.25 }],
    ),
    3.75,
  )
  t.equal(all(sum(), []), 0)
})

t.test('the sum of any permutation is the same correctly rounded value', async (t) => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 })
  fc.assert(
    fc.property(
      fc.array(finite, { maxLength: 30 }).chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))),
      ([xs, ys]) => {
        return all(sum(), xs) === all(sum(), ys)
      },
    ),
  )
  t.pass('order-independent')
})

t.test('rejects non-finite values and a sum that overflows, naming the rule', async (t) => {
  const fn = sum()
  t.throws(() => fn.add(NaN, fn.createAccumulator()), new InvalidArgumentError('sum: values must be finite numbers, got NaN'))
  t.throws(() => fn.add(Infinity, fn.createAccumulator()), InvalidArgumentError)
  const acc = fn.add(1.7e308, fn.createAccumulator())
  t.throws(() => fn.add(1.7e308, acc), /finite double range/)
  t.same(acc, [1.7e308], 'the accumulator is unchanged after the overflow')
  t.throws(() => sum(3 as never), /of must be a function/)
})

t.test('decode rejects anything but an array of finite numbers', async (t) => {
  const fn = sum()
  for (const bad of [null, 3, ['1'], [null], {}]) t.throws(() => fn.decode!(bad), SnapshotFormatError)
  t.equal(fn.getResult(fn.decode!([0.5, 1])), 1.5)
})

checkAggregateLaws(t, 'sum()', sum(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }))
checkAggregateLaws(
  t,
  'sum(of) over cents',
  sum((e: { cents: number }) => e.cents / 100),
  fc.record({ cents: fc.integer({ min: -1e6, max: 1e6 }) }),
)
