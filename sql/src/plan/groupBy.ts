import type { ParseTree } from 'antlr4ng'
import { SqlError } from '../errors.js'
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

function groupWindow(node: ParseTree, scope: Scope): { window: WindowSpec; source: number } {
  const name = textOf(childOf(node, 'GroupWindowFunctionName')!).toUpperCase()
  const time = childOf(node, 'TimeAttrColumn')!
  const column = scope.resolve({ k: 'column', parts: textOf(time).split('.'), position: positionOf(time), text: textOf(time) })
  if (column.name !== TIME_COLUMN) throw new SqlError(positionOf(time), `${name} needs the time column ${TIME_COLUMN}, got ${textOf(time)}`)
  const intervals = childrenOf(node)
    .filter((c) => kindOf(c) === 'TimeIntervalExpression')
    .map(intervalMs)
  if (intervals.length !== GROUP_WINDOWS[name])
    throw new SqlError(positionOf(node), `${name}(ts, ...) takes ${GROUP_WINDOWS[name]} interval(s), got ${intervals.length}`)
  const window: WindowSpec =
    name === 'TUMBLE'
      ? { kind: 'tumble', size: intervals[0]! }
      : name === 'HOP'
        ? { kind: 'hop', slide: intervals[0]!, size: intervals[1]! }
        : { kind: 'session', gap: intervals[0]! }
  checkHop(window, positionOf(node))
  return { window, source: column.source }
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
  let found: { window: WindowSpec; source: number } | undefined
  for (const item of node === undefined ? [] : ruleChildren(node)) {
    const [inner] = ruleChildren(item)
    const kind = inner === undefined ? '' : kindOf(inner)
    if (kind === 'GroupWindowFunction') {
      if (found !== undefined) throw new SqlError(positionOf(item), 'only one group window per query')
      found = groupWindow(inner!, scope)
    } else if (kind === 'ColumnName' && ['window_start', 'window_end'].includes(textOf(inner!))) {
      windowBounds.add(textOf(inner!))
    } else if (kind === 'ColumnName' || kind === 'Expression') {
      const ast: Ast =
        kind === 'Expression' ? toAst(inner!) : { k: 'column', parts: textOf(inner!).split('.'), position: positionOf(inner!), text: textOf(inner!) }
      if (ast.k !== 'column') throw new SqlError(ast.position, `not supported: GROUP BY an expression (${ast.text}); group by columns`)
      const c = scope.resolve(ast)
      keys.push({ name: c.name, expr: { kind: 'column', source: c.source, table: c.table, name: c.name, type: c.type } })
    } else {
      throw new SqlError(positionOf(item), `not supported: GROUP BY ${textOf(item)}`)
    }
  }
  return { keys, windowBounds, ...(found === undefined ? {} : { window: found.window, windowSource: found.source }) }
}
