import t from 'tap'
import fc from 'fast-check'
import { approxDistinctCount } from '../../src/functions/approxDistinctCount.js'
import { InvalidArgumentError, SnapshotFormatError } from '../../src/errors.js'
import { checkAggregateLaws } from '../laws/aggregateLaws.js'

const estimateOf = (values: Iterable<string | number>, precision = 12): number => {
  const fn = approxDistinctCount({ precision })
  let acc = fn.createAccumulator()
  for (const v of values) acc = fn.add(v, acc)
  return fn.getResult(acc)
}
function* range(prefix: string, from: number, to: number): Iterable<string> {
  for (let i = from; i < to; i++) yield `${prefix}-${i}`
}

// Three standard errors of HyperLogLog at precision 12: 3 × 1.04 / sqrt(4096) ≈ 4.9 %.
const TOLERANCE_P12 = (3 * 1.04) / Math.sqrt(4096)

t.test('counts small sets exactly and ignores duplicates', async (t) => {
  t.equal(estimateOf([]), 0)
  t.equal(estimateOf(['a', 'a', 'a']), 1)
  t.equal(estimateOf([42, '42', 42.0]), 1, 'numbers count by their decimal form')
  t.equal(estimateOf([...range('u', 0, 100), ...range('u', 0, 100)]), 100)
})

t.test('stays within three standard errors at 1k and 100k distinct values (precision 12)', async (t) => {
  for (const n of [1_000, 10_000, 100_000]) {
    for (const seed of ['s1', 's2', 's3']) {
      const error = estimateOf(range(seed, 0, n)) / n - 1
      t.ok(Math.abs(error) <= TOLERANCE_P12, `n=${n} ${seed}: relative error ${(error * 100).toFixed(2)} %`)
    }
  }
})

t.test('the merge of disjoint sets estimates their union', async (t) => {
  const fn = approxDistinctCount((e: { user: string }) => e.user)
  let a = fn.createAccumulator()
  let b = fn.createAccumulator()
  for (const user of range('x', 0, 30_000)) a = fn.add({ user }, a)
  for (const user of range('y', 0, 50_000)) b = fn.add({ user }, b)
  const union = fn.getResult(fn.merge(a, b))
  t.ok(Math.abs(union / 80_000 - 1) <= TOLERANCE_P12, `union ${union} ≈ 80000`)
  t.equal(fn.getResult(fn.merge(a, b)), union, 'merging the same partial again changes nothing')
})

t.test('encodes to a compact string and decodes it only with its own precision', async (t) => {
  const fn = approxDistinctCount({ precision: 10 })
  const acc = fn.add('u1', fn.createAccumulator())
  const encoded = fn.encode!(acc)
  t.match(encoded, /^hll1:10:s:/)
  t.equal(fn.getResult(fn.decode!(encoded)), 1)
  t.throws(() => approxDistinctCount({ precision: 11 }).decode!(encoded), SnapshotFormatError)
  t.throws(() => fn.decode!([1, 2]), SnapshotFormatError)
})

t.test('rejects bad arguments and values naming the rule', async (t) => {
  t.throws(() => approxDistinctCount({ precision: 3 }), new InvalidArgumentError('approxDistinctCount: precision must be an integer from 4 to 16, got 3'))
  t.throws(() => approxDistinctCount((e: string) => e, { precision: 17 }), /from 4 to 16, got 17/)
  t.throws(() => approxDistinctCount(3 as never), /first argument must be a value extractor or an options object/)
  const fn = approxDistinctCount((e: { id: unknown }) => e.id as string)
  t.throws(() => fn.add({ id: NaN }, fn.createAccumulator()), /values must be strings or finite numbers, got NaN/)
  t.throws(() => fn.add({ id: undefined }, fn.createAccumulator()), InvalidArgumentError)
})

const value = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -50, max: 50 }))
checkAggregateLaws(t, 'approxDistinctCount(precision 4)', approxDistinctCount({ precision: 4 }), value)
checkAggregateLaws(t, 'approxDistinctCount(precision 8)', approxDistinctCount({ precision: 8 }), value)
checkAggregateLaws(t, 'approxDistinctCount(precision 12)', approxDistinctCount({ precision: 12 }), value, undefined, { numRuns: 40 })
