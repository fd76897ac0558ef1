import { EngineError } from '../errors.js'
import type { AggregateFunction, ReduceFunction } from '../types.js'

/** Marks an accumulator that has not seen an element yet; never stored by the operator. */
const EMPTY: unique symbol = Symbol('empty reduce accumulator')

/**
 * Wraps a `ReduceFunction<T>` into an `AggregateFunction<T, T, T>` (how the operator runs
 * `reduce`): the accumulator is the reduced value itself, `reduce(accumulated, next)`. Values are
 * snapshotted as they are, so `T` must be JSON-safe; `reduce` should return a new value rather
 * than mutate its arguments (the first element of a window is kept as the accumulator).
 * @example reduceAggregate<number>((a, b) => a + b)
 */
export function reduceAggregate<T>(reduce: ReduceFunction<T>): AggregateFunction<T, T, T> {
  const isEmpty = (value: T): boolean => (value as unknown) === EMPTY
  return {
    createAccumulator: () => EMPTY as unknown as T,
    add: (value, accumulator) => (isEmpty(accumulator) ? value : reduce(accumulator, value)),
    merge: (a, b) => (isEmpty(a) ? b : isEmpty(b) ? a : reduce(a, b)),
    getResult: (accumulator) => {
      if (isEmpty(accumulator)) throw new EngineError('a reduce result needs at least one element')
      return accumulator
    },
  }
}
