import { SqlError } from '../errors.js'
import type { OutputExpr, QueryPlan, TopNSpec } from './QueryPlan.js'
import type { TopNShape } from './topNShape.js'

type Named = TopNShape['partitionBy'][number]

const NEVER_NULL = new Set(['COUNT', 'COUNT_DISTINCT', 'APPROX_COUNT_DISTINCT'])

/** Whether an output expression can be NULL: keys and SUM/MIN/MAX/AVG can, counts and window bounds cannot. */
function nullable(e: OutputExpr, plan: QueryPlan): boolean {
  switch (e.kind) {
    case 'windowStart':
    case 'windowEnd':
    case 'isNull':
      return false
    case 'aggregate':
      return !NEVER_NULL.has(plan.aggregates[e.index]!.name)
    case 'literal':
      return e.value === null
    case 'binary':
      return nullable(e.left, plan) || nullable(e.right, plan)
    case 'not':
    case 'negate':
      return nullable(e.operand, plan)
    case 'key':
      return true
  }
}

/** The columns of the aggregate's output a ranking may read, and whether each can be NULL. */
function outputColumns(plan: QueryPlan): Map<string, { nullable: boolean; kind: string }> {
  return new Map(plan.select.map((s) => [s.name, { nullable: nullable(s.expr, plan), kind: s.expr.kind }]))
}

/**
 * Checks a Top-N's names against the windowed aggregate's plan and resolves it.
 *
 * @throws SqlError for unknown columns, a partition without both window bounds, a nullable order
 *   column without NULLS FIRST|LAST, or a session window
 */
export function resolveTopN(shape: TopNShape, plan: QueryPlan): TopNSpec {
  if (plan.window.kind === 'session') throw new SqlError(shape.position, 'not supported: a window Top-N over SESSION windows')
  const columns = outputColumns(plan)
  if (columns.has(shape.rowNumber)) {
    const item = shape.ranked.find((r) => r.name === shape.rowNumber)!
    throw new SqlError(item.position, `the row number is named '${shape.rowNumber}' like a column of the windowed aggregate: give it another name`)
  }
  const known = (n: Named) => {
    if (!columns.has(n.name)) throw new SqlError(n.position, `unknown column '${n.name}': the windowed aggregate has ${[...columns.keys()].join(', ')}`)
    return n.name
  }
  for (const bound of ['windowStart', 'windowEnd'])
    if (!shape.partitionBy.some((p) => columns.get(p.name)?.kind === bound))
      throw new SqlError(shape.partitionBy[0]!.position, 'a window Top-N must PARTITION BY window_start, window_end (both selected by the windowed aggregate)')
  const orderBy = shape.orderBy.map((o) => {
    known(o)
    if (columns.get(o.name)!.nullable && o.nulls === undefined)
      throw new SqlError(o.position, `${o.name} may be NULL: say where NULLs rank with NULLS FIRST or NULLS LAST (engines differ)`)
    return { column: o.name, descending: o.descending, nullsFirst: o.nulls === 'first' }
  })
  const ranked = shape.ranked.map((r) => (r.name === shape.rowNumber ? r.name : known(r)))
  const names = new Set(ranked)
  const output = (shape.outer ?? shape.ranked).map((c) => {
    if (!names.has(c.name)) throw new SqlError(c.position, `unknown column '${c.name}': the ranking query has ${ranked.join(', ')}`)
    return c.name
  })
  return { partitionBy: shape.partitionBy.map(known), orderBy, rowNumber: shape.rowNumber, limit: shape.limit, columns: output }
}
