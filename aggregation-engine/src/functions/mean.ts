import type { AggregateFunction } from '../types.js'
import { SnapshotFormatError } from '../errors.js'
import { addExact, exactSumValue } from './_internal/exactSum.js'
import { checkExtractor, decodeCount, decodeFinite, finiteValue } from './_internal/values.js'

/**
 * The arithmetic mean; `null` when nothing was added. The accumulator is `[...sum, count]`: the
 * exact sum's partials (see {@link sum}; usually one, so typically `[sum, count]`) followed by
 * the count, which keeps the result independent of how the stream was split.
 *
 * @param of extracts the number; elements are the numbers themselves when omitted.
 * @example
 * const avgPrice = mean((e: { win_price: number }) => e.win_price)
 */
export function mean(): AggregateFunction<number, number[], number | null>
export function mean<IN>(of: (element: IN) => number): AggregateFunction<IN, number[], number | null>
export function mean<IN>(of?: (element: IN) => number): AggregateFunction<IN, number[], number | null> {
  checkExtractor('mean', 'of', of)
  const value = of ?? ((e: IN) => e as unknown as number)
  const countOf = (acc: number[]): number => acc[acc.length - 1] as number
  return {
    createAccumulator: () => [0],
    add: (element, acc) => {
      const v = finiteValue('mean', value(element))
      const n = acc.pop() as number
      try {
        addExact(acc, v)
      } finally {
        acc.push(n)
      }
      acc[acc.length - 1] = n + 1
      return acc
    },
    merge: (a, b) => {
      const n = a.pop() as number
      try {
        for (let i = 0; i < b.length - 1; i++) addExact(a, b[i] as number)
      } finally {
        a.push(n)
      }
      a[a.length - 1] = n + countOf(b)
      return a
    },
    getResult: (acc) => {
      const n = countOf(acc)
      return n === 0 ? null : exactSumValue(acc.slice(0, -1)) / n
    },
    encode: (acc) => [...acc],
    decode: (encoded) => {
      if (!Array.isArray(encoded) || encoded.length === 0) {
        throw new SnapshotFormatError('mean: encoded accumulator must be [...sum partials, count]')
      }
      const n = decodeCount('mean', encoded[encoded.length - 1])
      const p = encoded.slice(0, -1).map((v) => decodeFinite('mean', v))
      if (n === 0 && p.length > 0) throw new SnapshotFormatError('mean: an empty accumulator must have a zero sum')
      return [...p, n]
    },
  }
}
