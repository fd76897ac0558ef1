import t from 'tap'
import fc from 'fast-check'
import { max } from '../../src/functions/max.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { checkAggregateLaws } from '../laws/aggregateLaws.js'

t.test('gives the largest value, or null when empty', async (t) => {
  const fn = max((e: { p: number }) => e.p)
  t.equal(fn.getResult(fn.createAccumulator()), null)
  const acc = [{ p: 3 }, { p: -2 }, { p: 5 }].reduce((a, e) => fn.add(e, a), fn.createAccumulator())
  t.equal(fn.getResult(acc), 5)
  t.equal(JSON.stringify(fn.encode!(fn.createAccumulator())), 'null', 'empty encodes as null, not Infinity')
})

t.test('rejects non-finite values, which are not JSON', async (t) => {
  const fn = max()
  t.throws(() => fn.add(-Infinity, null), new InvalidArgumentError('max: values must be finite numbers, got -Infinity'))
  t.throws(() => fn.add(NaN, 1), InvalidArgumentError)
})

t.test('decode rejects anything but null or a finite number', async (t) => {
  const fn = max()
  for (const bad of ['1', [1], {}, true]) t.throws(() => fn.decode!(bad), SnapshotFormatError)
  t.equal(fn.decode!(null), null)
})

checkAggregateLaws(t, 'max()', max(), fc.double({ noNaN: true, noDefaultInfinity: true }))
