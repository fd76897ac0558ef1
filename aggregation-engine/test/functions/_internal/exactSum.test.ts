import t from 'tap'
import { addExact, exactSumValue, mergeExact } from '../../../src/functions/_internal/exactSum.js'

const total = (xs: number[]): number => {
  const p: number[] = []
  for (const x of xs) addExact(p, x)
  return exactSumValue(p)
}

t.test('rounds the exact sum correctly where naive addition does not', async (t) => {
  t.equal(total([1, 1e-16, 1e-16]), 1.0000000000000002, 'two tiny terms that naive addition loses')
  t.equal(total([1, 2 ** -53]), 1, 'an exact tie rounds to even')
  t.equal(total([1, 2 ** -53, 2 ** -100]), 1 + 2 ** -52, 'just above the tie rounds up (half-even correction)')
  t.equal(total([1, -(2 ** -53), -(2 ** -100)]), 1 - 2 ** -53, 'and just below rounds down')
  t.throws(() => total([1e308, 1e308, -1e308]), /finite double range/, 'the running sum must stay finite')
})

t.test('keeps partials short and drops cancelled terms', async (t) => {
  const p: number[] = []
  for (let i = 0; i < 1000; i++) addExact(p, i % 2 === 0 ? 0.1 : -0.1)
  t.same(p, [])
  let seed = 42
  for (let i = 0; i < 10_000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    addExact(p, (seed / 2 ** 32) * 1000)
  }
  t.ok(p.length <= 6, `a few partials after 10,000 fractional values (${p.length})`)
})

t.test('merging partials equals adding the values one by one', async (t) => {
  const a: number[] = []
  const b: number[] = []
  for (const x of [0.1, 0.7, 1e20]) addExact(a, x)
  for (const x of [-1e20, 0.3]) addExact(b, x)
  mergeExact(a, b)
  t.equal(exactSumValue(a), total([0.1, 0.7, 1e20, -1e20, 0.3]))
})
