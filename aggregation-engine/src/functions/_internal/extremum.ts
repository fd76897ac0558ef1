import type { AggregateFunction } from '../../types.js'
import { checkExtractor, decodeFinite, finiteValue } from './values.js'

/** The shared body of `min` and `max`: an accumulator that is the best value so far, or null. */
export function extremum<IN>(
  name: string,
  pick: (a: number, b: number) => number,
  of: ((element: IN) => number) | undefined,
): AggregateFunction<IN, number | null, number | null> {
  checkExtractor(name, 'of', of)
  const value = of ?? ((e: IN) => e as unknown as number)
  // No ±Infinity sentinel: it is not JSON, so "empty" is null.
  const combine = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : pick(a, b))
  return {
    createAccumulator: () => null,
    add: (element, acc) => combine(acc, finiteValue(name, value(element))),
    merge: combine,
    getResult: (acc) => acc,
    encode: (acc) => acc,
    decode: (encoded) => (encoded === null ? null : decodeFinite(name, encoded)),
  }
}
