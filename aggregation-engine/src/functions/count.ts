import type { AggregateFunction } from '../types.js'
import { decodeCount, checkExtractor } from './_internal/values.js'

/**
 * Counts elements, or only those matching `where`. The accumulator is the count itself.
 *
 * @param where optional predicate; when given, only elements for which it returns true count.
 * @example
 * const bids = count((e: { type: string }) => e.type === 'bid')
 * bids.getResult(bids.add({ type: 'bid' }, bids.createAccumulator())) // 1
 */
export function count<IN = unknown>(where?: (element: IN) => boolean): AggregateFunction<IN, number, number> {
  checkExtractor('count', 'where', where)
  return {
    createAccumulator: () => 0,
    add: (element, acc) => (where === undefined || where(element) ? acc + 1 : acc),
    merge: (a, b) => a + b,
    getResult: (acc) => acc,
    encode: (acc) => acc,
    decode: (value) => decodeCount('count', value),
  }
}
