import type { ParseTree } from 'antlr4ng'
import { SqlError } from '../errors.js'
import { PARTITION_COLUMN } from '../catalog.js'
import type { Ast } from '../parse/Ast.js'
import { toAst } from '../parse/toAst.js'
import { childOf, kindOf, positionOf, ruleChildren, textOf } from '../parse/tree.js'
import { fromClause } from './fromClause.js'
import { groupBy, type GroupBy } from './groupBy.js'
import type { AggregateCall, AggregateName, Expr, JoinSpec, OutputExpr, QueryPlan, WindowSpec } from './QueryPlan.js'
import type { Scope } from './Scope.js'
import { resolveTopN } from './resolveTopN.js'
import { topNShape } from './topNShape.js'
import { typedExpr } from './typedExpr.js'

const unsupported = (node: ParseTree, what: string): never => {
  throw new SqlError(positionOf(node), `not supported: ${what}`)
}

const SELECT_PARTS = new Set(['SelectClause', 'FromClause', 'WhereClause', 'GroupByClause', 'HavingClause'])
const AGGREGATES = new Set(['COUNT', 'APPROX_COUNT_DISTINCT', 'SUM', 'MIN', 'MAX', 'AVG'])
const LEGACY_BOUNDS: Readonly<Record<string, { window: WindowSpec['kind']; bound: 'windowStart' | 'windowEnd' }>> = {
  TUMBLE_START: { window: 'tumble', bound: 'windowStart' },
  TUMBLE_END: { window: 'tumble', bound: 'windowEnd' },
  HOP_START: { window: 'hop', bound: 'windowStart' },
  HOP_END: { window: 'hop', bound: 'windowEnd' },
  SESSION_START: { window: 'session', bound: 'windowStart' },
  SESSION_END: { window: 'session', bound: 'windowEnd' },
}

/** The one SELECT statement of the program. */
function selectStatement(program: ParseTree): ParseTree {
  const statements = ruleChildren(program).filter((c) => kindOf(c) === 'SingleStatement')
  if (statements.length !== 1) return unsupported(statements[1] ?? program, 'more than one statement: give one SELECT query')
  let node: ParseTree = statements[0]!
  for (const kind of ['SqlStatement', 'DmlStatement', 'QueryStatement']) {
    const next = childOf(node, kind) ?? (kindOf(ruleChildren(node)[0] ?? node) === kind ? ruleChildren(node)[0] : undefined)
    if (next === undefined) return unsupported(node, `${textOf(node).split(/\s+/)[0]} statements: give a SELECT query`)
    node = next
  }
  const parts = ruleChildren(node)
  if (parts.length !== 1 || kindOf(parts[0]!) !== 'SelectStatement') return unsupported(parts[1] ?? node, `${textOf(parts[1] ?? node)} (give a plain SELECT)`)
  return plainSelect(parts[0]!)
}

/** A SELECT of the clauses the compiler knows (no ORDER BY, LIMIT, ...). */
function plainSelect(select: ParseTree): ParseTree {
  const other = ruleChildren(select).find((c) => !SELECT_PARTS.has(kindOf(c)))
  if (other !== undefined) return unsupported(other, textOf(other))
  return select
}

/** Turns source-row ASTs into expressions (WHERE, aggregate arguments): no aggregates there. */
function rowExpr(scope: Scope, ast: Ast): Expr {
  return typedExpr<Expr>(ast, (a) => {
    if (a.k === 'column') {
      const c = scope.resolve(a)
      return { kind: 'column', source: c.source, table: c.table, name: c.name, type: c.type }
    }
    if (a.k === 'call') throw new SqlError(a.position, `not supported here: the function ${a.name} (aggregates belong in SELECT and HAVING)`)
    return undefined
  })
}

const sourcesOf = (e: Expr): number[] =>
  e.kind === 'column' ? [e.source] : e.kind === 'binary' ? [...sourcesOf(e.left), ...sourcesOf(e.right)] : 'operand' in e ? sourcesOf(e.operand) : []

/** WHERE: each AND-ed condition reads one side of a join, so it filters that side before the join. */
function whereExpr(scope: Scope, ast: Ast): Expr {
  const conjuncts = (a: Ast): Ast[] => (a.k === 'binary' && a.op === 'AND' ? [...conjuncts(a.left), ...conjuncts(a.right)] : [a])
  for (const part of conjuncts(ast)) {
    if (new Set(sourcesOf(rowExpr(scope, part))).size > 1)
      throw new SqlError(part.position, `not supported yet: a WHERE condition over both sides of a join (${part.text}); put it in the join's ON bounds`)
  }
  return rowExpr(scope, ast)
}

function aggregateCall(scope: Scope, a: Ast & { k: 'call' }): AggregateCall {
  if (a.star) {
    if (a.name !== 'COUNT' || a.distinct) throw new SqlError(a.position, `${a.name}(*) is not supported: only COUNT(*)`)
    return { name: 'COUNT', text: a.text }
  }
  if (a.args.length !== 1) throw new SqlError(a.position, `${a.name} takes one argument, got ${a.args.length}`)
  if (a.distinct && a.name !== 'COUNT') throw new SqlError(a.position, `not supported: ${a.name}(DISTINCT ...)`)
  const arg = rowExpr(scope, a.args[0]!)
  const name: AggregateName = a.distinct ? 'COUNT_DISTINCT' : (a.name as AggregateName)
  if (['SUM', 'MIN', 'MAX', 'AVG'].includes(name) && arg.type !== 'number' && arg.type !== 'null')
    throw new SqlError(a.args[0]!.position, `${a.name} needs a number, but ${a.args[0]!.text} is ${arg.type}`)
  return { name, arg, text: a.text }
}

/** Turns SELECT/HAVING ASTs into output expressions over keys, aggregates and window bounds. */
function outputExpr(scope: Scope, group: GroupBy, window: WindowSpec, aggregates: AggregateCall[], ast: Ast): OutputExpr {
  return typedExpr<OutputExpr>(ast, (a) => {
    if (a.k === 'column' && a.parts.length === 1 && (a.parts[0] === 'window_start' || a.parts[0] === 'window_end')) {
      if (!group.windowBounds.has(a.parts[0]))
        throw new SqlError(a.position, `${a.parts[0]} needs a window TVF in FROM and window_start, window_end in GROUP BY`)
      return { kind: a.parts[0] === 'window_start' ? 'windowStart' : 'windowEnd', type: 'number' }
    }
    if (a.k === 'column') {
      const c = scope.resolve(a)
      const index = group.keys.findIndex((k) => k.expr.source === c.source && k.expr.name === c.name)
      if (index < 0) throw new SqlError(a.position, `column '${a.text}' must be in GROUP BY or inside an aggregate`)
      return { kind: 'key', index, type: c.type }
    }
    if (a.k !== 'call') return undefined
    const legacy = LEGACY_BOUNDS[a.name]
    if (legacy !== undefined) {
      if (legacy.window !== window.kind || group.window === undefined)
        throw new SqlError(a.position, `${a.name} needs GROUP BY ${legacy.window.toUpperCase()}(...)`)
      return { kind: legacy.bound, type: 'number' }
    }
    if (!AGGREGATES.has(a.name)) throw new SqlError(a.position, `not supported: the function ${a.name}`)
    const call = aggregateCall(scope, a)
    const same = aggregates.findIndex((g) => g.name === call.name && JSON.stringify(g.arg) === JSON.stringify(call.arg))
    const index = same >= 0 ? same : aggregates.push(call) - 1
    return { kind: 'aggregate', index, type: 'number' }
  })
}

function selectItems(node: ParseTree, out: (ast: Ast) => OutputExpr): QueryPlan['select'] {
  const list = childOf(node, 'SelectList')
  if (list === undefined || childOf(node, 'SetQuantifier') !== undefined) return unsupported(node, `${textOf(node)} (list the columns, no DISTINCT)`)
  return ruleChildren(list).map((item) => {
    const [inner, alias] = ruleChildren(item)
    if (kindOf(item) !== 'ColumnProjectItem' || inner === undefined || textOf(item).endsWith('*'))
      return unsupported(item, `${textOf(item)} in SELECT (name the columns)`)
    const exprNode = kindOf(inner) === 'SelectExpressionColumnName' ? ruleChildren(inner)[0]! : inner
    const ast: Ast =
      kindOf(exprNode) === 'Expression'
        ? toAst(exprNode)
        : { k: 'column', parts: textOf(exprNode).split('.'), position: positionOf(exprNode), text: textOf(exprNode) }
    const aliasName = alias === undefined ? undefined : ruleChildren(alias).map(textOf).at(-1)
    const name = aliasName ?? (ast.k === 'column' ? ast.parts.at(-1)! : ast.text)
    return { name, expr: out(ast) }
  })
}

function checkShardLocal(group: GroupBy, window: WindowSpec, position: { line: number; column: number }): void {
  if (window.kind !== 'session' || group.keys.some((k) => k.name === PARTITION_COLUMN)) return
  throw new SqlError(
    position,
    `SESSION windows per ${group.keys.map((k) => k.name).join(', ') || 'the whole stream'}: not supported yet: needs a raw repartition (the stream is partitioned by ${PARTITION_COLUMN}; a session window must group by ${PARTITION_COLUMN})`,
  )
}

/** The query's one window: from a TVF or from GROUP BY, never both, never none. */
function windowOf(tvfWindow: WindowSpec | undefined, group: GroupBy, groupNode: ParseTree): WindowSpec {
  if (tvfWindow !== undefined && group.window !== undefined) throw new SqlError(positionOf(groupNode), 'a window TVF and a GROUP BY window at once')
  if (tvfWindow !== undefined && (!group.windowBounds.has('window_start') || !group.windowBounds.has('window_end')))
    throw new SqlError(positionOf(groupNode), 'a window TVF query must GROUP BY window_start, window_end (and its keys)')
  const window = tvfWindow ?? group.window
  if (window === undefined) return unsupported(groupNode, 'a query without a window: a streaming aggregation needs TUMBLE, HOP or SESSION')
  checkShardLocal(group, window, positionOf(groupNode))
  return window
}

/**
 * An inner join's pair enters the window at the later of its two times: the window must be on that
 * side's ts. A left outer join's row has the left side's time (its right side may be NULL).
 */
function checkJoinTime(join: JoinSpec, timeSource: number, scope: Scope, groupNode: ParseTree): void {
  if (join.kind === 'leftOuter') {
    if (timeSource !== 0)
      throw new SqlError(
        positionOf(groupNode),
        `group the LEFT OUTER join by ${scope.sources[0]!.alias}.ts: its rows have the left side's time (the right one may be NULL)`,
      )
    return
  }
  const later = join.lowerBound >= 0 ? 1 : join.upperBound <= 0 ? 0 : undefined
  if (later === undefined) throw new SqlError(positionOf(groupNode), 'a windowed join needs bounds that say which side is later (both >= 0 or both <= 0)')
  if (later !== timeSource)
    throw new SqlError(positionOf(groupNode), `group the join by ${scope.sources[later]!.alias}.ts: a joined row's time is the later of the two`)
}

/**
 * Walks a Flink SQL parse tree into a {@link QueryPlan}: a windowed, grouped aggregation over one
 * of the stream's tables, or over an interval join of two on the partition key; optionally ranked
 * by a window Top-N.
 *
 * @throws SqlError naming the position of anything not supported
 */
export function buildPlan(program: ParseTree): QueryPlan {
  const select = selectStatement(program)
  const topN = topNShape(select)
  if (topN === undefined) return aggregatePlan(select)
  const plan = aggregatePlan(plainSelect(topN.inner))
  return { ...plan, topN: resolveTopN(topN, plan) }
}

/** The plan of a windowed aggregate's SELECT. */
function aggregatePlan(select: ParseTree): QueryPlan {
  const from = childOf(select, 'FromClause')
  if (from === undefined) return unsupported(select, 'a query without FROM')
  const { scope, tvfWindow, join } = fromClause(from)
  const groupNode = childOf(select, 'GroupByClause')
  const group = groupBy(groupNode, scope)
  const window = windowOf(tvfWindow, group, groupNode ?? select)
  const timeSource = group.windowSource ?? 0
  if (join !== undefined) checkJoinTime(join, timeSource, scope, groupNode ?? select)
  const whereNode = childOf(select, 'WhereClause')
  const where = whereNode === undefined ? undefined : whereExpr(scope, toAst(ruleChildren(whereNode)[0]!))
  if (where !== undefined && where.type !== 'boolean') throw new SqlError(positionOf(whereNode!), 'WHERE needs a condition')
  const aggregates: AggregateCall[] = []
  const out = (ast: Ast) => outputExpr(scope, group, window, aggregates, ast)
  const items = selectItems(childOf(select, 'SelectClause')!, out)
  const havingNode = childOf(select, 'HavingClause')
  const having = havingNode === undefined ? undefined : out(toAst(ruleChildren(havingNode)[0]!))
  return {
    source: scope.sources[0]!,
    ...(join === undefined ? {} : { join }),
    ...(where === undefined ? {} : { where }),
    window,
    timeSource,
    keys: group.keys,
    aggregates,
    select: items,
    ...(having === undefined ? {} : { having }),
  }
}
