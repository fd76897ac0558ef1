import type { ParseTree } from 'antlr4ng'
import { SqlError } from '../errors.js'
import { PARTITION_COLUMN, SOURCE_TABLES, TIME_COLUMN } from '../catalog.js'
import { intervalMs, toAst } from '../parse/toAst.js'
import type { Ast } from '../parse/Ast.js'
import { childOf, childrenOf, kindOf, positionOf, ruleChildren, textOf, tokensOf } from '../parse/tree.js'
import type { JoinSpec, SourceRef, WindowSpec } from './QueryPlan.js'
import { Scope, sourceTable } from './Scope.js'

/** What FROM says: the sources, a window TVF's window if it has one, and a join. */
export interface FromClause {
  readonly scope: Scope
  readonly tvfWindow?: WindowSpec
  readonly join?: JoinSpec
}

const unsupported = (node: ParseTree, what: string): never => {
  throw new SqlError(positionOf(node), `not supported: ${what}`)
}

function tableRef(node: ParseTree): SourceRef {
  const ref = childOf(node, 'TableReference')
  const primary = ref === undefined ? undefined : childOf(ref, 'TablePrimary')
  const path = primary === undefined ? undefined : childOf(primary, 'TablePath')
  if (ref === undefined || primary === undefined || path === undefined || ruleChildren(primary).length !== 1)
    return unsupported(node, `the table expression ${textOf(node)} (name one of the stream's tables)`)
  const table = sourceTable(textOf(path), positionOf(path))
  const alias = childOf(ref, 'TableAlias')
  const aliasName = alias === undefined ? undefined : ruleChildren(alias).map(textOf).at(-1)
  if (alias !== undefined && childrenOf(alias).some((c) => kindOf(c) === 'IdentifierList')) return unsupported(alias, 'column aliases on a table')
  return { table, alias: aliasName ?? table }
}

function tvf(node: ParseTree): { source: SourceRef; window: WindowSpec } {
  const expr = childOf(node, 'WindowTVFExpression')!
  const name = textOf(childOf(expr, 'WindowTVFName')!).toUpperCase()
  const params = childrenOf(expr).filter((c) => kindOf(c) === 'WindowTVFParam')
  const table = params[0] === undefined ? undefined : childOf(params[0], 'TimeAttrColumn')
  if (table === undefined) return unsupported(expr, `${name} without TABLE <name> as its first argument`)
  const source = { table: sourceTable(textOf(table), positionOf(table)), alias: textOf(table) }
  const descriptor = params[1] === undefined ? undefined : childOf(params[1], 'ColumnDescriptor')
  const column = descriptor === undefined ? undefined : ruleChildren(descriptor)[0]
  if (column === undefined || textOf(column) !== TIME_COLUMN)
    throw new SqlError(positionOf(params[1] ?? expr), `${name} needs DESCRIPTOR(${TIME_COLUMN}): ts is the stream's event time`)
  const intervals = params.slice(2).map((p) => {
    const interval = childOf(p, 'TimeIntervalExpression')
    return interval === undefined ? unsupported(p, `the ${name} argument ${textOf(p)}`) : intervalMs(interval)
  })
  const count = { TUMBLE: 1, HOP: 2, CUMULATE: 2 }[name]
  if (count === undefined) return unsupported(expr, `the window function ${name}`)
  if (intervals.length !== count)
    throw new SqlError(
      positionOf(expr),
      `${name} takes ${count === 1 ? 'a size' : name === 'HOP' ? 'a slide and a size' : 'a step and a size'} interval, got ${intervals.length}`,
    )
  return { source, window: tvfWindow(name, intervals, positionOf(expr)) }
}

/** The window of a TVF from its intervals: TUMBLE(size), HOP(slide, size), CUMULATE(step, size). */
function tvfWindow(name: string, intervals: readonly number[], position: { line: number; column: number }): WindowSpec {
  const window: WindowSpec =
    name === 'TUMBLE'
      ? { kind: 'tumble', size: intervals[0]! }
      : name === 'HOP'
        ? { kind: 'hop', slide: intervals[0]!, size: intervals[1]! }
        : { kind: 'cumulate', step: intervals[0]!, size: intervals[1]! }
  if (window.kind === 'cumulate' && window.size % window.step !== 0)
    throw new SqlError(position, `CUMULATE's size (${window.size} ms) must be a whole multiple of its step (${window.step} ms)`)
  checkHop(window, position)
  return window
}

/** HOP's slide must not exceed its size: events between windows would vanish unreported. */
export function checkHop(window: WindowSpec, position: { line: number; column: number }): void {
  if (window.kind === 'hop' && window.slide > window.size)
    throw new SqlError(position, `HOP's slide (${window.slide} ms) must not be larger than its size (${window.size} ms)`)
}

/** `other.ts`, `other.ts + INTERVAL` or `other.ts - INTERVAL` as an offset from `other.ts`. */
function boundOffset(scope: Scope, ast: Ast, other: number): number {
  const isOtherTs = (a: Ast) => a.k === 'column' && scope.resolve(a).source === other && scope.resolve(a).name === TIME_COLUMN
  if (isOtherTs(ast)) return 0
  if (ast.k === 'binary' && (ast.op === '+' || ast.op === '-') && isOtherTs(ast.left) && ast.right.k === 'interval')
    return ast.op === '+' ? ast.right.ms : -ast.right.ms
  throw new SqlError(ast.position, `a join bound must be ${scope.sources[other]!.alias}.ts, optionally plus or minus an INTERVAL, got ${ast.text}`)
}

/** `l.tx_id = r.tx_id AND x.ts BETWEEN y.ts [± INTERVAL] AND y.ts [± INTERVAL]` as bounds of `right.ts - left.ts`. */
function joinBounds(scope: Scope, condition: Ast): { lowerBound: number; upperBound: number } {
  const shape = `the join condition must be ${scope.sources[0]!.alias}.${PARTITION_COLUMN} = ${scope.sources[1]!.alias}.${PARTITION_COLUMN} AND <side>.ts BETWEEN <other side>.ts [± INTERVAL] AND <other side>.ts [± INTERVAL]`
  if (condition.k !== 'binary' || condition.op !== 'AND') throw new SqlError(condition.position, shape)
  const parts = [condition.left, condition.right]
  const equality = parts.find((p) => p.k === 'binary' && p.op === '=')
  const between = parts.find((p) => p.k === 'between')
  if (equality?.k !== 'binary' || between?.k !== 'between') throw new SqlError(condition.position, shape)
  const sides = [equality.left, equality.right].map((a) => (a.k === 'column' ? scope.resolve(a) : undefined))
  if (sides.some((s) => s === undefined || s.name !== PARTITION_COLUMN) || sides[0]!.source === sides[1]!.source) {
    const keys = sides.map((s) => s?.name ?? '?').join(' = ')
    const reason = `joins on ${keys}: not supported yet: needs a raw repartition (the stream is partitioned by ${PARTITION_COLUMN}, so only a join on ${PARTITION_COLUMN} is shard-local)`
    throw new SqlError(equality.position, reason)
  }
  const subject = between.operand.k === 'column' ? scope.resolve(between.operand) : undefined
  if (subject?.name !== TIME_COLUMN) throw new SqlError(between.position, shape)
  const other = 1 - subject.source
  const low = boundOffset(scope, between.low, other)
  const high = boundOffset(scope, between.high, other)
  if (low > high) throw new SqlError(between.position, `the join's lower bound is above its upper bound in ${between.text}`)
  return subject.source === 1 ? { lowerBound: low, upperBound: high } : { lowerBound: -high, upperBound: -low }
}

const JOIN_KINDS: Readonly<Record<string, JoinSpec['kind']>> = {
  JOIN: 'inner',
  'INNER JOIN': 'inner',
  'LEFT JOIN': 'leftOuter',
  'LEFT OUTER JOIN': 'leftOuter',
}

/** Where the join's keywords start (RIGHT, FULL, CROSS...): the first token after the left table. */
const joinWord = (node: ParseTree): ParseTree | undefined => childrenOf(node).find((c) => kindOf(c) === 'token')

function join(node: ParseTree): FromClause {
  const [leftNode, rightNode] = ruleChildren(node).filter((c) => kindOf(c) === 'TableExpression')
  const words = tokensOf(node).join(' ')
  const kind = JOIN_KINDS[words]
  if (kind === undefined) return unsupported(joinWord(node) ?? node, `${words} (an inner JOIN or a LEFT [OUTER] JOIN ... ON is supported)`)
  const condition = childOf(node, 'JoinCondition')
  if (leftNode === undefined || rightNode === undefined || condition === undefined) return unsupported(node, `the join ${textOf(node)}`)
  const left = tableRef(leftNode)
  const right = tableRef(rightNode)
  const overlap = SOURCE_TABLES[left.table]!.eventTypes.some((t) => SOURCE_TABLES[right.table]!.eventTypes.includes(t))
  if (overlap) throw new SqlError(positionOf(rightNode), `not supported: a join of ${left.table} with ${right.table}; join two of bids, impressions, clicks`)
  if (left.alias === right.alias) throw new SqlError(positionOf(rightNode), `both sides of the join are named '${left.alias}': give them aliases`)
  const scope = new Scope([left, right])
  const ast = toAst(ruleChildren(condition)[0]!)
  return { scope, join: { kind, right, ...joinBounds(scope, ast) } }
}

/**
 * FROM: one of the stream's tables, a TUMBLE/HOP window TVF over one, or an inner or left outer
 * interval join of two on the partition key.
 *
 * @throws SqlError for any other shape
 */
export function fromClause(node: ParseTree): FromClause {
  const [expression] = ruleChildren(node)
  if (expression === undefined || ruleChildren(node).length !== 1) return unsupported(node, 'more than one table in FROM (use JOIN ... ON)')
  const [first] = ruleChildren(expression)
  if (first !== undefined && kindOf(first) === 'WindowTVFClause') {
    const { source, window } = tvf(first)
    return { scope: new Scope([source]), tvfWindow: window }
  }
  if (first !== undefined && kindOf(first) === 'TableReference') return { scope: new Scope([tableRef(expression)]) }
  if (childOf(expression, 'JoinCondition') !== undefined || tokensOf(expression).includes('JOIN')) return join(expression)
  return unsupported(expression, `the table expression ${textOf(expression)}`)
}
