import type { AggregateFunction, Json, ReduceFunction } from '../types.js'
import { InvalidArgumentError, SnapshotFormatError } from '../errors.js'

/** How {@link reducing} stores values that are not JSON themselves. */
export interface ReducingCodec<T> {
  encode(value: T): Json
  /** Throws (any error; reported as SnapshotFormatError) on a value it cannot read. */
  decode(value: Json): T
}

/**
 * Turns a {@link ReduceFunction} into an AggregateFunction (Flink's `reduce` on a window). The
 * accumulator is `[]` before the first element and `[value]` after. The result is the reduced
 * value, or `null` when nothing was added. `fn` should be associative and commutative, since
 * partials merge in any order.
 *
 * @param fn combines two values into one.
 * @param codec how to store values that are not JSON-safe; values are stored as they are when omitted.
 * @example
 * const latest = reducing((a: { ts: number }, b: { ts: number }) => (b.ts > a.ts ? b : a))
 */
export function reducing<T>(fn: ReduceFunction<T>, codec?: ReducingCodec<T>): AggregateFunction<T, [] | [T], T | null> {
  if (typeof fn !== 'function') throw new InvalidArgumentError('reducing: fn must be a function (a, b) => value')
  if (codec !== undefined && (typeof codec.encode !== 'function' || typeof codec.decode !== 'function')) {
    throw new InvalidArgumentError('reducing: codec must have encode and decode functions')
  }
  const combine = (acc: [] | [T], value: T): [T] => {
    if (acc.length === 0) return [value]
    acc[0] = fn(acc[0], value)
    return acc
  }
  return {
    createAccumulator: () => [],
    add: (value, acc) => combine(acc, value),
    merge: (a, b) => (b.length === 0 ? a : combine(a, b[0])),
    getResult: (acc) => (acc.length === 0 ? null : acc[0]),
    encode: (acc) => (acc.length === 0 ? [] : [codec ? codec.encode(acc[0]) : (acc[0] as Json)]),
    decode: (encoded) => {
      if (!Array.isArray(encoded) || encoded.length > 1) throw new SnapshotFormatError('reducing: encoded accumulator must be [] or [value]')
      if (encoded.length === 0) return []
      const [stored] = encoded as [Json]
      if (!codec) return [stored as T]
      try {
        return [codec.decode(stored)]
      } catch (error) {
        throw new SnapshotFormatError(`reducing: codec could not decode the value: ${(error as Error).message}`)
      }
    },
  }
}
