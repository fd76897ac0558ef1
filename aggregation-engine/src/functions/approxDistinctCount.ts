import type { AggregateFunction } from '../types.js'
import { InvalidArgumentError } from '../errors.js'
import { HyperLogLog } from './HyperLogLog.js'

/** Options of {@link approxDistinctCount}. */
export interface ApproxDistinctCountOptions {
  /**
   * log2 of the number of registers, 4..16. Memory is `2^precision` bytes in use and at most
   * `0.75 × 2^precision` bytes encoded (far less while sparse); standard error ≈ 1.04 / sqrt(2^precision).
   * @default 12 (4096 registers, ±1.6 %)
   */
  readonly precision?: number
}

/**
 * Approximate count of distinct values with a {@link HyperLogLog} sketch: mergeable (register-wise
 * max, so merging a partial twice changes nothing) and encoded as a compact base64 string.
 * Numbers are counted by their decimal form, so `42` and `'42'` are one value.
 *
 * @param of extracts the value to count; elements are the values themselves when omitted.
 * @example
 * const users = approxDistinctCount((e: { app_uid: string }) => e.app_uid, { precision: 12 })
 * let acc = users.createAccumulator()
 * acc = users.add({ app_uid: 'u1' }, acc)
 * users.getResult(acc) // 1
 * users.encode!(acc) // "hll1:12:s:…"
 */
export function approxDistinctCount(options?: ApproxDistinctCountOptions): AggregateFunction<string | number, HyperLogLog, number>
export function approxDistinctCount<IN>(of: (element: IN) => string | number, options?: ApproxDistinctCountOptions): AggregateFunction<IN, HyperLogLog, number>
export function approxDistinctCount<IN>(
  ofOrOptions?: ((element: IN) => string | number) | ApproxDistinctCountOptions,
  maybeOptions?: ApproxDistinctCountOptions,
): AggregateFunction<IN, HyperLogLog, number> {
  const of = typeof ofOrOptions === 'function' ? ofOrOptions : undefined
  const options = (typeof ofOrOptions === 'function' ? maybeOptions : ofOrOptions) ?? {}
  if (typeof options !== 'object') {
    throw new InvalidArgumentError('approxDistinctCount: the first argument must be a value extractor or an options object')
  }
  const precision = options.precision ?? 12
  if (!Number.isInteger(precision) || precision < 4 || precision > 16) {
    throw new InvalidArgumentError(`approxDistinctCount: precision must be an integer from 4 to 16, got ${String(precision)}`)
  }
  const value = of ?? ((e: IN) => e as unknown as string | number)
  return {
    createAccumulator: () => new HyperLogLog(precision),
    add: (element, acc) => {
      const v = value(element)
      if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) {
        throw new InvalidArgumentError(`approxDistinctCount: values must be strings or finite numbers, got ${String(v)}`)
      }
      return acc.addValue(v)
    },
    merge: (a, b) => a.merge(b),
    getResult: (acc) => acc.estimate(),
    encode: (acc) => acc.encode(),
    decode: (encoded) => HyperLogLog.decode(encoded, precision),
  }
}
