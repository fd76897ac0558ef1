import type { ParseTree } from 'antlr4ng'
import { SqlError, type SqlPosition } from '../errors.js'
import { TIME_COLUMN } from '../catalog.js'
import { intervalMs, toAst } from '../parse/toAst.js'
import type { Ast } from '../parse/Ast.js'
import { childOf, childrenOf, kindOf, positionOf, ruleChildren, textOf } from '../parse/tree.js'
import type { Expr, WindowSpec } from './QueryPlan.js'
import type { Scope } from './Scope.js'
import { checkHop } from './fromClause.js'

/** What GROUP BY says: the keys, a legacy group window, and whether window_start/window_end were named. */
export interface GroupBy {
  readonly keys: ReadonlyArray<{ readonly name: string; readonly expr: Expr & { kind: 'column' } }>
  readonly window?: WindowSpec
  readonly windowSource?: number
  readonly windowBounds: ReadonlySet<string>
}

const GROUP_WINDOWS: Readonly<Record<string, number>> = { TUMBLE: 1, HOP: 2, SESSION: 1 }

type FoundWindow = { window: WindowSpec; source: number }

/** A group window from its parts: `TUMBLE(ts, size)`, `HOP(ts, slide, size)` or `SESSION(ts, gap)`. */
function groupWindow(name: string, time: Ast, intervals: readonly number[], position: SqlPosition, scope: Scope): FoundWindow {
  if (time.k !== 'column') throw new SqlError(time.position, `${name} needs the time column ${TIME_COLUMN}, got ${time.text}`)
  const column = scope.resolve(time)
  if (column.name !== TIME_COLUMN) throw new SqlError(time.position, `${name} needs the time column ${TIME_COLUMN}, got ${time.text}`)
  if (intervals.length !== GROUP_WINDOWS[name])
    throw new SqlError(position, `${name}(ts, ...) takes ${GROUP_WINDOWS[name]} interval(s), got ${intervals.length}`)
  const window: WindowSpec =
    name === 'TUMBLE'
      ? { kind: 'tumble', size: intervals[0]! }
      : name === 'HOP'
        ? { kind: 'hop', slide: intervals[0]!, size: intervals[1]! }
        : { kind: 'session', gap: intervals[0]! }
  checkHop(window, position)
  return { window, source: column.source }
}

/** The grammar's own group window node (TUMBLE and SESSION). */
function windowNode(node: ParseTree, scope: Scope): FoundWindow {
  const name = textOf(childOf(node, 'GroupWindowFunctionName')!).toUpperCase()
  const time = childOf(node, 'TimeAttrColumn')!
  const ast: Ast = { k: 'column', parts: textOf(time).split('.'), position: positionOf(time), text: textOf(time) }
  const intervals = childrenOf(node)
    .filter((c) => kindOf(c) === 'TimeIntervalExpression')
    .map(intervalMs)
  return groupWindow(name, ast, intervals, positionOf(node), scope)
}

/** A group window the grammar reads as a function call (HOP). */
function windowCall(ast: Ast & { k: 'call' }, scope: Scope): FoundWindow {
  const [time, ...rest] = ast.args
  const intervals = rest.map((a) => (a.k === 'interval' ? a.ms : unsupportedAst(a, `${ast.name}'s argument ${a.text} (give an INTERVAL)`)))
  if (time === undefined) throw new SqlError(ast.position, `${ast.name} needs the time column ${TIME_COLUMN}`)
  return groupWindow(ast.name, time, intervals, ast.position, scope)
}

const unsupportedAst = (ast: Ast, what: string): never => {
  throw new SqlError(ast.position, `not supported: ${what}`)
}

/** One GROUP BY item: a window, a window bound of a TVF, or a key column. */
function groupItem(item: ParseTree, scope: Scope): { window?: FoundWindow; bound?: string; key?: GroupBy['keys'][number] } {
  const [inner] = ruleChildren(item)
  const kind = inner === undefined ? '' : kindOf(inner)
  if (kind === 'GroupWindowFunction') return { window: windowNode(inner!, scope) }
  if (kind === 'ColumnName' && ['window_start', 'window_end'].includes(textOf(inner!))) return { bound: textOf(inner!) }
  if (kind !== 'ColumnName' && kind !== 'Expression') throw new SqlError(positionOf(item), `not supported: GROUP BY ${textOf(item)}`)
  const ast: Ast = kind === 'Expression' ? toAst(inner!) : { k: 'column', parts: textOf(inner!).split('.'), position: positionOf(inner!), text: textOf(inner!) }
  if (ast.k === 'call' && GROUP_WINDOWS[ast.name] !== undefined) return { window: windowCall(ast, scope) }
  if (ast.k !== 'column') throw new SqlError(ast.position, `not supported: GROUP BY an expression (${ast.text}); group by columns`)
  const c = scope.resolve(ast)
  return { key: { name: c.name, expr: { kind: 'column', source: c.source, table: c.table, name: c.name, type: c.type } } }
}

/**
 * GROUP BY: columns of the sources, `window_start`/`window_end` of a window TVF, and at most one
 * legacy group window `TUMBLE(ts, i)`, `HOP(ts, slide, size)` or `SESSION(ts, gap)`.
 *
 * @throws SqlError for expressions, grouping sets and a second window
 */
export function groupBy(node: ParseTree | undefined, scope: Scope): GroupBy {
  const keys: Array<GroupBy['keys'][number]> = []
  const windowBounds = new Set<string>()
  let found: FoundWindow | undefined
  for (const item of node === undefined ? [] : ruleChildren(node)) {
    const { window, bound, key } = groupItem(item, scope)
    if (window !== undefined && found !== undefined) throw new SqlError(positionOf(item), 'only one group window per query')
    found = window ?? found
    if (bound !== undefined) windowBounds.add(bound)
    if (key !== undefined) keys.push(key)
  }
  return { keys, windowBounds, ...(found === undefined ? {} : { window: found.window, windowSource: found.source }) }
}
