import t from 'tap'
import fc from 'fast-check'
import { min } from '../../src/functions/min.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { checkAggregateLaws } from '../laws/aggregateLaws.js'

t.test('gives the smallest value, or null when empty', async (t) => {
  const fn = min((e: { p: number }) => e.p)
  t.equal(fn.getResult(fn.createAccumulator()), null)
  const acc = [{ p: 3 }, { p: -2 }, { p: 5 }].reduce((a, e) => fn.add(e, a), fn.createAccumulator())
  t.equal(fn.getResult(acc), -2)
  t.equal(JSON.stringify(fn.encode!(fn.createAccumulator())), 'null', 'empty encodes as null, not Infinity')
})

t.test('rejects non-finite values, which are not JSON', async (t) => {
  const fn = min()
  t.throws(() => fn.add(-Infinity, null), new InvalidArgumentError('min: values must be finite numbers, got -Infinity'))
  t.throws(() => fn.add(NaN, 1), InvalidArgumentError)
})

t.test('decode rejects anything but null or a finite number', async (t) => {
  const fn = min()
  for (const bad of ['1', [1], {}, true]) t.throws(() => fn.decode!(bad), SnapshotFormatError)
  t.equal(fn.decode!(null), null)
})

checkAggregateLaws(t, 'min()', min(), fc.double({ noNaN: true, noDefaultInfinity: true }))
