import type { AggregateFunction } from '../types.js'
import { SnapshotFormatError } from '../errors.js'
import { addExact, exactSumValue, mergeExact } from './_internal/exactSum.js'
import { checkExtractor, decodeFinite, finiteValue } from './_internal/values.js'

/**
 * Sums numbers exactly: the accumulator is a short list of non-overlapping doubles (Shewchuk
 * partials, usually one or two) and the result is the correctly rounded exact sum, so it is the
 * same however the stream was split into partials and in whatever order they merged.
 * The sum of nothing is 0. Values must be finite (an InvalidArgumentError otherwise).
 *
 * @param of extracts the number to add; elements are the numbers themselves when omitted.
 * @example
 * const spend = sum((e: { win_price: number }) => e.win_price)
 * let acc = spend.createAccumulator()
 * for (const p of [0.1, 0.2, 0.3]) acc = spend.add({ win_price: p }, acc)
 * spend.getResult(acc) // 0.6 (not 0.6000000000000001)
 */
export function sum(): AggregateFunction<number, number[], number>
export function sum<IN>(of: (element: IN) => number): AggregateFunction<IN, number[], number>
export function sum<IN>(of?: (element: IN) => number): AggregateFunction<IN, number[], number> {
  checkExtractor('sum', 'of', of)
  const value = of ?? ((e: IN) => e as unknown as number)
  return {
    createAccumulator: () => [],
    add: (element, acc) => {
      addExact(acc, finiteValue('sum', value(element)))
      return acc
    },
    merge: (a, b) => {
      mergeExact(a, b)
      return a
    },
    getResult: exactSumValue,
    encode: (acc) => [...acc],
    decode: (encoded) => {
      if (!Array.isArray(encoded)) throw new SnapshotFormatError('sum: encoded accumulator must be an array of finite numbers')
      // Kept as written: partials from encode() are canonical, so decode → encode gives the same bytes.
      return encoded.map((v) => decodeFinite('sum', v))
    },
  }
}
