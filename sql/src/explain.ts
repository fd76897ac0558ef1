import type { Expr, OutputExpr, QueryPlan, TopNSpec, WindowSpec } from './plan/QueryPlan.js'

const duration = (ms: number): string => {
  if (ms === 0) return '0'
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1_000],
  ] as const)
    if (ms % size === 0) return `${ms / size} ${unit}`
  return `${ms} ms`
}

const windowText = (w: WindowSpec): string =>
  w.kind === 'tumble'
    ? `tumbling ${duration(w.size)}`
    : w.kind === 'hop'
      ? `sliding ${duration(w.size)} every ${duration(w.slide)}`
      : w.kind === 'cumulate'
        ? `cumulating ${duration(w.size)} in steps of ${duration(w.step)}`
        : `session, gap ${duration(w.gap)}`

type Names = { readonly keys: readonly string[]; readonly aggregates: readonly string[]; readonly aliases: readonly string[] }

/** An expression as SQL-like text. */
function exprText(e: Expr | OutputExpr, names: Names): string {
  const sub = (x: Expr | OutputExpr) => exprText(x, names)
  switch (e.kind) {
    case 'column':
      return names.aliases.length > 1 ? `${names.aliases[e.source]}.${e.name}` : e.name
    case 'key':
      return names.keys[e.index]!
    case 'aggregate':
      return names.aggregates[e.index]!
    case 'windowStart':
      return 'window_start'
    case 'windowEnd':
      return 'window_end'
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value.replace(/'/g, "''")}'` : String(e.value).toUpperCase()
    case 'binary':
      return `(${sub(e.left)} ${e.op} ${sub(e.right)})`
    case 'not':
      return `NOT ${sub(e.operand)}`
    case 'negate':
      return `-${sub(e.operand)}`
    case 'isNull':
      return `${sub(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL`
  }
}

const conjuncts = (e: Expr): Expr[] => (e.kind === 'binary' && e.op === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e])
const readsRight = (e: Expr): boolean =>
  e.kind === 'column' ? e.source === 1 : e.kind === 'binary' ? readsRight(e.left) || readsRight(e.right) : 'operand' in e && readsRight(e.operand)

/** WHERE: before the join, and — in a left outer join, for the right side — after it, on the joined rows. */
function filterLines(plan: QueryPlan, where: Expr, names: Names): string[] {
  if (plan.join?.kind !== 'leftOuter') return [`filter:     ${exprText(where, names)}`]
  const parts = conjuncts(where)
  const text = (es: Expr[]) => es.map((e) => exprText(e, names)).join(' AND ')
  const before = parts.filter((e) => !readsRight(e))
  const after = parts.filter(readsRight)
  return [...(before.length === 0 ? [] : [`filter:     ${text(before)}`]), ...(after.length === 0 ? [] : [`after join: ${text(after)}`])]
}

/** A window Top-N: what it ranks by, how many it keeps, and its columns. */
function topNLines(topN: TopNSpec): string[] {
  const order = topN.orderBy.map((o) => `${o.column} ${o.descending ? 'DESC' : 'ASC'} NULLS ${o.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')
  return [
    `top-n:      ${topN.rowNumber} <= ${topN.limit} per (${topN.partitionBy.join(', ')}) by ${order}, ties by the output in SELECT order`,
    `ranked:     ${topN.columns.join(', ')}`,
  ]
}

/**
 * The plan as text, one line per step, from source to output: source, join, filter, window, keys,
 * aggregates, having, output columns, and a window Top-N's ranking.
 *
 * @example
 * explain(compileQuery(sql).plan)
 */
export function explain(plan: QueryPlan): string {
  const aliases = plan.join === undefined ? [plan.source.alias] : [plan.source.alias, plan.join.right.alias]
  const keyNames = plan.keys.map((k) => (aliases.length > 1 ? `${aliases[k.expr.source]}.${k.name}` : k.name))
  const names = { keys: keyNames, aggregates: plan.aggregates.map((a) => a.text), aliases }
  const lines = [
    `source:     ${plan.source.table}${plan.source.alias === plan.source.table ? '' : ` AS ${plan.source.alias}`} (event time ts, each (type, tx_id) once)`,
  ]
  if (plan.join !== undefined) {
    const { kind, right, lowerBound, upperBound } = plan.join
    const what = kind === 'inner' ? 'inner interval join' : 'left outer interval join'
    const lost = kind === 'inner' ? '' : ` (a ${plan.source.alias} row nothing joined: once, NULL ${right.alias} columns, when the watermark passes its bound)`
    lines.push(
      `join:       ${what} ${right.table} AS ${right.alias} on tx_id, ${right.alias}.ts - ${plan.source.alias}.ts in [${duration(lowerBound)}, ${duration(upperBound)}]${lost}`,
    )
  }
  if (plan.where !== undefined) lines.push(...filterLines(plan, plan.where, names))
  lines.push(`window:     ${windowText(plan.window)} on ${aliases.length > 1 ? `${aliases[plan.timeSource]}.` : ''}ts`)
  lines.push(`keys:       ${keyNames.length === 0 ? '(none: one group per window)' : keyNames.join(', ')}`)
  lines.push(`aggregates: ${plan.aggregates.length === 0 ? '(none)' : names.aggregates.join(', ')}`)
  if (plan.having !== undefined) lines.push(`having:     ${exprText(plan.having, names)}`)
  lines.push(`output:     ${plan.select.map((s) => s.name).join(', ')}`)
  if (plan.topN !== undefined) lines.push(...topNLines(plan.topN))
  return lines.join('\n') + '\n'
}
