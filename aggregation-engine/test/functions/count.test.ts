import t from 'tap'
import fc from 'fast-check'
import { count } from '../../src/functions/count.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { checkAggregateLaws } from '../laws/aggregateLaws.js'

t.test('counts every element, or only those the predicate accepts', async (t) => {
  const all = count()
  const even = count((n: number) => n % 2 === 0)
  let a = all.createAccumulator()
  let e = even.createAccumulator()
  for (const n of [1, 2, 3, 4]) {
    a = all.add(n, a)
    e = even.add(n, e)
  }
  t.equal(all.getResult(a), 4)
  t.equal(even.getResult(e), 2)
  t.equal(all.getResult(all.merge(a, all.createAccumulator())), 4)
})

t.test('rejects a predicate that is not a function', async (t) => {
  t.throws(() => count('bid' as never), new InvalidArgumentError('count: where must be a function when given'))
})

t.test('decode rejects anything but a non-negative safe integer', async (t) => {
  const fn = count()
  for (const bad of [-1, 1.5, '3', null, [1], 2 ** 60]) t.throws(() => fn.decode!(bad), SnapshotFormatError)
  t.equal(fn.decode!(7), 7)
})

checkAggregateLaws(t, 'count()', count(), fc.anything())
checkAggregateLaws(
  t,
  'count(where)',
  count((n: number) => n % 3 === 0),
  fc.integer(),
)
