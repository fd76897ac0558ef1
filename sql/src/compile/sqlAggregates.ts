import { approxDistinctCount, count, max, mean, min, sum, type AggregateFunction, type Json } from '@sdp/aggregation-engine'
import type { AggregateCall } from '../plan/QueryPlan.js'
import { compileRowExpr, type RowInput, type SqlValue } from './evaluate.js'

type AnyAggregate = AggregateFunction<RowInput, unknown, unknown>

/**
 * SQL's NULL rule around an engine aggregate over numbers: NULL inputs are skipped, and the
 * result of a group with no non-NULL input is NULL (the engine's sum of nothing is 0).
 */
function skippingNulls(inner: AggregateFunction<number, unknown, unknown>, of: (rows: RowInput) => SqlValue): AnyAggregate {
  type Acc = [unknown, number]
  const encode = (acc: unknown): Json => (inner.encode ? inner.encode(acc) : (acc as Json))
  const decode = (json: Json): unknown => (inner.decode ? inner.decode(json) : json)
  const fn: AggregateFunction<RowInput, Acc, SqlValue> = {
    createAccumulator: () => [inner.createAccumulator(), 0],
    add: (rows, acc) => {
      const v = of(rows)
      if (v === null) return acc
      return [inner.add(v as number, acc[0]), acc[1] + 1]
    },
    merge: (a, b) => [inner.merge(a[0], b[0]), a[1] + b[1]],
    getResult: (acc) => (acc[1] === 0 ? null : (inner.getResult(acc[0]) as SqlValue)),
    encode: (acc) => [encode(acc[0]), acc[1]],
    decode: (json) => {
      const [a, n] = json as [Json, number]
      return [decode(a), n]
    },
  }
  return fn
}

/** Exact COUNT(DISTINCT x): the set of distinct non-NULL values, encoded sorted so partials are canonical. */
function countDistinct(of: (rows: RowInput) => SqlValue): AnyAggregate {
  const fn: AggregateFunction<RowInput, Set<string>, number> = {
    createAccumulator: () => new Set(),
    add: (rows, acc) => {
      const v = of(rows)
      if (v !== null) acc.add(JSON.stringify(v))
      return acc
    },
    merge: (a, b) => new Set([...a, ...b]),
    getResult: (acc) => acc.size,
    encode: (acc) => [...acc].sort(),
    decode: (json) => new Set(json as string[]),
  }
  return fn
}

/** The engine aggregate of one SQL aggregate call, over the source rows. */
export function sqlAggregate(call: AggregateCall, joined: boolean): AnyAggregate {
  if (call.arg === undefined) return count()
  const of = compileRowExpr(call.arg, joined)
  switch (call.name) {
    case 'COUNT':
      return count((rows: RowInput) => of(rows) !== null)
    case 'COUNT_DISTINCT':
      return countDistinct(of)
    case 'APPROX_COUNT_DISTINCT':
      return skippingNulls(approxDistinctCount(), (rows) => {
        const v = of(rows)
        return v === null ? null : JSON.stringify(v)
      })
    case 'SUM':
      return skippingNulls(sum(), of)
    case 'MIN':
      return skippingNulls(min(), of)
    case 'MAX':
      return skippingNulls(max(), of)
    case 'AVG':
      return skippingNulls(mean(), of)
  }
}
