import type { AggregateFunction } from '../types.js'
import { extremum } from './_internal/extremum.js'

/**
 * The largest value seen; `null` when nothing was added. The accumulator is that value or
 * `null` (JSON-safe: values must be finite, an InvalidArgumentError otherwise).
 *
 * @param of extracts the number; elements are the numbers themselves when omitted.
 * @example
 * const highest = max((e: { win_price: number }) => e.win_price)
 */
export function max(): AggregateFunction<number, number | null, number | null>
export function max<IN>(of: (element: IN) => number): AggregateFunction<IN, number | null, number | null>
export function max<IN>(of?: (element: IN) => number): AggregateFunction<IN, number | null, number | null> {
  return extremum('max', Math.max, of)
}
