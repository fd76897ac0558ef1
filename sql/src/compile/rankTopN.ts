import type { TopNSpec } from '../plan/QueryPlan.js'
import type { SqlRow } from './compileQuery.js'
import type { SqlValue } from './evaluate.js'

/** Two non-NULL values of one column: numbers by value, strings by code unit, false before true. */
const compareValues = (a: NonNullable<SqlValue>, b: NonNullable<SqlValue>): number => (a < b ? -1 : a > b ? 1 : 0)

/** Two values with NULL placed first or last. */
function compareNullable(a: SqlValue, b: SqlValue, nullsFirst: boolean): number {
  if (a === null || b === null) return a === b ? 0 : (a === null) === nullsFirst ? -1 : 1
  return compareValues(a, b)
}

/**
 * The ranking of a window Top-N: groups the aggregate's rows by the partition columns, orders each
 * partition by the ORDER BY items and then by every column of the aggregate in SELECT order
 * (ascending, NULL first — a total order, so the kept rows never depend on arrival order), numbers
 * them from 1 and keeps the first `limit`, projected to the query's columns.
 *
 * @param aggregateColumns the windowed aggregate's columns, in SELECT order
 */
export function rankTopN(spec: TopNSpec, aggregateColumns: readonly string[]): (rows: readonly SqlRow[]) => SqlRow[] {
  const order = [
    ...spec.orderBy.map((o) => ({ column: o.column, sign: o.descending ? -1 : 1, nullsFirst: o.nullsFirst })),
    ...aggregateColumns.map((column) => ({ column, sign: 1, nullsFirst: true })),
  ]
  const compare = (a: SqlRow, b: SqlRow): number => {
    for (const o of order) {
      const x = a[o.column] ?? null
      const y = b[o.column] ?? null
      // NULL's place is as written whatever the direction: only non-NULL comparisons flip.
      const c = x === null || y === null ? compareNullable(x, y, o.nullsFirst) : o.sign * compareValues(x, y)
      if (c !== 0) return c
    }
    return 0
  }
  return (rows) => {
    const partitions = new Map<string, SqlRow[]>()
    for (const row of rows) {
      const id = JSON.stringify(spec.partitionBy.map((c) => row[c] ?? null))
      const partition = partitions.get(id)
      if (partition === undefined) partitions.set(id, [row])
      else partition.push(row)
    }
    const out: SqlRow[] = []
    for (const partition of partitions.values()) {
      partition.sort(compare)
      partition.slice(0, spec.limit).forEach((row, i) => {
        const numbered: SqlRow = { ...row, [spec.rowNumber]: i + 1 }
        out.push(Object.fromEntries(spec.columns.map((c) => [c, numbered[c] ?? null])))
      })
    }
    return out
  }
}
