import t from 'tap'
import fc from 'fast-check'
import { reducing } from '../../src/functions/reducing.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { checkAggregateLaws } from '../laws/aggregateLaws.js'

t.test('reduces with the function, null when empty', async (t) => {
  const fn = reducing((a: number, b: number) => Math.max(a, b))
  t.equal(fn.getResult(fn.createAccumulator()), null)
  t.equal(fn.getResult([4, 9, 2].reduce((acc, x) => fn.add(x, acc), fn.createAccumulator())), 9)
  t.same(fn.encode!(fn.add(3, fn.createAccumulator())), [3])
})

t.test('stores values through a codec when given one', async (t) => {
  const fn = reducing((a: bigint, b: bigint) => a + b, { encode: (v) => v.toString(), decode: (j) => BigInt(j as string) })
  const acc = fn.add(2n ** 70n, fn.add(1n, fn.createAccumulator()))
  t.same(fn.encode!(acc), [(2n ** 70n + 1n).toString()])
  t.equal(fn.getResult(fn.decode!(fn.encode!(acc))), 2n ** 70n + 1n)
  t.throws(() => fn.decode!(['not a number']), SnapshotFormatError)
})

t.test('rejects bad arguments naming the rule', async (t) => {
  t.throws(() => reducing(3 as never), new InvalidArgumentError('reducing: fn must be a function (a, b) => value'))
  t.throws(() => reducing((a: number) => a, {} as never), /codec must have encode and decode/)
})

t.test('decode rejects anything but [] or [value]', async (t) => {
  const fn = reducing((a: number, b: number) => a + b)
  for (const bad of [null, 3, [1, 2], {}]) t.throws(() => fn.decode!(bad), SnapshotFormatError)
})

checkAggregateLaws(
  t,
  'reducing(max)',
  reducing((a: number, b: number) => Math.max(a, b)),
  fc.integer(),
)
checkAggregateLaws(
  t,
  'reducing(latest by ts, then id)',
  reducing((a: { ts: number; id: string }, b: { ts: number; id: string }) => (b.ts > a.ts || (b.ts === a.ts && b.id > a.id) ? b : a)),
  fc.record({ ts: fc.integer({ min: 0, max: 50 }), id: fc.string({ maxLength: 3 }) }),
)
