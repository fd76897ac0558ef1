/**
 * Laws every AggregateFunction must obey, as fast-check properties reusable by the tests of each
 * implementation: identity, associativity and commutativity of `merge`, "split anywhere and
 * merge" equals "add everything to one accumulator", `merge` leaving its second argument intact,
 * and the encode → JSON → decode round trip (same result, same behaviour afterwards, stable bytes).
 */
import fc from 'fast-check'
import type { Test } from 'tap'
import type { AggregateFunction, Json } from '../../src/types.js'

/** Tuning of {@link checkAggregateLaws}. */
export interface AggregateLawsOptions {
  /** Runs per law. @default 100 */
  readonly numRuns?: number
  /** Longest input list generated. @default 24 */
  readonly maxLength?: number
}

/**
 * Structural equality for results: numbers by `===` (so `-0` equals `0`, which JSON cannot tell
 * apart) with NaN equal to itself; arrays and plain objects member by member.
 */
export function sameResult(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b))
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameResult((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/**
 * Registers one subtest per law of `fn` under `t`, each a fast-check property over lists of
 * inputs drawn from `input`. Accumulators are rebuilt for every use because `add` and `merge` may
 * mutate their first argument.
 *
 * @param equals compares two results; {@link sameResult} when omitted.
 * @example
 * checkAggregateLaws(t, 'sum', sum(), fc.double({ noNaN: true, noDefaultInfinity: true }))
 */
export function checkAggregateLaws<IN, ACC, OUT>(
  t: Test,
  name: string,
  fn: AggregateFunction<IN, ACC, OUT>,
  input: fc.Arbitrary<IN>,
  equals: (a: OUT, b: OUT) => boolean = sameResult,
  options: AggregateLawsOptions = {},
): void {
  const numRuns = options.numRuns ?? 100
  const list = fc.array(input, { maxLength: options.maxLength ?? 24 })
  const fold = (xs: readonly IN[]): ACC => xs.reduce((acc, x) => fn.add(x, acc), fn.createAccumulator())
  const merged = (...parts: ACC[]): ACC => parts.reduce((a, b) => fn.merge(a, b))
  const result = (acc: ACC): OUT => fn.getResult(acc)
  const encode = (acc: ACC): Json => (fn.encode ? fn.encode(acc) : (acc as unknown as Json))
  const decode = (value: Json): ACC => (fn.decode ? fn.decode(value) : (value as unknown as ACC))
  const roundTrip = (acc: ACC): ACC => decode(JSON.parse(JSON.stringify(encode(acc))) as Json)
  const same = (a: OUT, b: OUT): boolean => equals(a, b)

  const law = <Ts extends unknown[]>(title: string, property: fc.IProperty<Ts>): void => {
    void t.test(`${name}: ${title}`, async (t) => {
      fc.assert(property, { numRuns })
      t.pass(title)
    })
  }

  law(
    'merging with a fresh accumulator changes nothing (identity)',
    fc.property(list, (xs) => {
      const expected = result(fold(xs))
      return same(result(fn.merge(fold(xs), fn.createAccumulator())), expected) && same(result(fn.merge(fn.createAccumulator(), fold(xs))), expected)
    }),
  )
  law(
    'merge is associative',
    fc.property(list, list, list, (xs, ys, zs) =>
      same(result(merged(merged(fold(xs), fold(ys)), fold(zs))), result(merged(fold(xs), merged(fold(ys), fold(zs))))),
    ),
  )
  law(
    'merge is commutative',
    fc.property(list, list, (xs, ys) => same(result(merged(fold(xs), fold(ys))), result(merged(fold(ys), fold(xs))))),
  )
  law(
    'adding everything to one accumulator equals merging the partials of any split',
    fc.property(list, fc.array(fc.nat(), { maxLength: 4 }), (xs, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (xs.length + 1)))].sort((a, b) => a - b)
      const chunks: IN[][] = []
      let from = 0
      for (const p of [...points, xs.length]) {
        chunks.push(xs.slice(from, p))
        from = p
      }
      return same(result(merged(...chunks.map(fold))), result(fold(xs)))
    }),
  )
  law(
    'merge leaves its second argument unchanged',
    fc.property(list, list, (xs, ys) => {
      const b = fold(ys)
      const before = JSON.stringify(encode(b))
      fn.merge(fold(xs), b)
      return JSON.stringify(encode(b)) === before && same(result(b), result(fold(ys)))
    }),
  )
  law(
    'encode gives JSON that survives JSON.stringify/parse unchanged',
    fc.property(list, (xs) => {
      const encoded = encode(fold(xs))
      return sameResult(JSON.parse(JSON.stringify(encoded)), encoded)
    }),
  )
  law(
    'encode → JSON → decode keeps the result and the behaviour afterwards',
    fc.property(list, list, list, (xs, ys, zs) => {
      const restored = roundTrip(fold(xs))
      if (!same(result(restored), result(fold(xs)))) return false
      const grown = ys.reduce((acc, y) => fn.add(y, acc), restored)
      const expected = ys.reduce((acc, y) => fn.add(y, acc), fold(xs))
      if (!same(result(grown), result(expected))) return false
      return (
        same(result(fn.merge(grown, fold(zs))), result(fn.merge(expected, fold(zs)))) &&
        same(result(fn.merge(fold(zs), roundTrip(fold(xs)))), result(merged(fold(zs), fold(xs))))
      )
    }),
  )
  law(
    'decoding then encoding again gives the same bytes',
    fc.property(list, (xs) => {
      const once = JSON.stringify(encode(fold(xs)))
      return JSON.stringify(encode(roundTrip(fold(xs)))) === once
    }),
  )
}
