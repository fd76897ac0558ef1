import type { AggregateFunction } from '../types.js'
import { extremum } from './_internal/extremum.js'

/**
 * The smallest value seen; `null` when nothing was added. The accumulator is that value or
 * `null` (JSON-safe: values must be finite, an InvalidArgumentError otherwise).
 *
 * @param of extracts the number; elements are the numbers themselves when omitted.
 * @example
 * const lowest = min((e: { win_price: number }) => e.win_price)
 */
export function min(): AggregateFunction<number, number | null, number | null>
export function min<IN>(of: (element: IN) => number): AggregateFunction<IN, number | null, number | null>
export function min<IN>(of?: (element: IN) => number): AggregateFunction<IN, number | null, number | null> {
  return extremum('min', Math.min, of)
}
