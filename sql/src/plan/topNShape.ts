import type { ParseTree } from 'antlr4ng'
import { SqlError, type SqlPosition } from '../errors.js'
import { toAst } from '../parse/toAst.js'
import { childOf, childrenOf, kindOf, positionOf, ruleChildren, textOf, tokensOf } from '../parse/tree.js'

const unsupported = (node: ParseTree, what: string): never => {
  throw new SqlError(positionOf(node), `not supported: ${what}`)
}

type Named = { readonly name: string; readonly position: SqlPosition }

/** The Top-N query as written, its names not yet checked against the windowed aggregate. */
export interface TopNShape {
  /** The windowed aggregate's SELECT statement. */
  readonly inner: ParseTree
  readonly partitionBy: readonly Named[]
  readonly orderBy: ReadonlyArray<Named & { readonly descending: boolean; readonly nulls?: 'first' | 'last' }>
  readonly rowNumber: string
  /** The ranked query's columns: the aggregate's, by name, and the row number. */
  readonly ranked: readonly Named[]
  /** The outer SELECT's columns, or undefined for `*`. */
  readonly outer?: readonly Named[]
  readonly limit: number
  readonly position: SqlPosition
}

/** The SELECT statement inside `FROM ( ... ) [AS alias]`, or undefined when FROM names a table. */
function subquery(from: ParseTree | undefined): ParseTree | undefined {
  const expression = from === undefined ? undefined : ruleChildren(from)[0]
  const reference = expression === undefined ? undefined : childOf(expression, 'TableReference')
  const primary = reference === undefined ? undefined : childOf(reference, 'TablePrimary')
  const atom = primary === undefined ? undefined : childOf(primary, 'AtomExpressionTable')
  if (atom === undefined) return undefined
  const query = childOf(atom, 'QueryStatement')
  const parts = query === undefined ? [] : ruleChildren(query)
  if (ruleChildren(expression!).length !== 1 || parts.length !== 1 || kindOf(parts[0]!) !== 'SelectStatement')
    return unsupported(atom, `the subquery ${textOf(atom)} (a subquery in FROM is a window Top-N's)`)
  return parts[0]
}

/** Only the given clauses: a Top-N's outer and ranking queries have no GROUP BY or HAVING of their own. */
function onlyClauses(select: ParseTree, allowed: readonly string[], what: string): void {
  const other = ruleChildren(select).find((c) => !allowed.includes(kindOf(c)))
  if (other !== undefined) unsupported(other, `${textOf(other)} in ${what}`)
}

/** A plain column name of a SELECT list item, or undefined. */
function columnItem(item: ParseTree): Named | undefined {
  const [inner, alias] = ruleChildren(item)
  if (inner === undefined || alias !== undefined || kindOf(inner) !== 'SelectLiteralColumnName') return undefined
  const name = textOf(inner)
  return name.includes('.') ? undefined : { name, position: positionOf(inner) }
}

/** `rownum <= N` or `rownum < N`: how many rows per window to keep. */
function limitOf(where: ParseTree | undefined, rowNumber: string, select: ParseTree): number {
  const shape = `a window Top-N keeps its rows with WHERE ${rowNumber} <= N`
  if (where === undefined) throw new SqlError(positionOf(select), `${shape}: add it (a ranking without a limit is not supported)`)
  const ast = toAst(ruleChildren(where)[0]!)
  const ok = ast.k === 'binary' && (ast.op === '<=' || ast.op === '<') && ast.left.k === 'column' && ast.left.parts.join('.') === rowNumber
  const n = ok && ast.right.k === 'literal' ? ast.right.value : undefined
  if (!ok || typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw new SqlError(ast.position, `not supported: WHERE ${ast.text} (${shape}, N a positive integer)`)
  const limit = ast.op === '<' ? n - 1 : n
  if (limit < 1) throw new SqlError(ast.position, `WHERE ${ast.text} keeps no row`)
  return limit
}

/** `ORDER BY col [ASC|DESC] [NULLS FIRST|LAST], ...` of the OVER clause. */
function orderItems(order: ParseTree): TopNShape['orderBy'] {
  return ruleChildren(order).map((item) => {
    const column = childOf(item, 'ColumnName')
    if (column === undefined || textOf(column).includes('.')) return unsupported(item, `ORDER BY ${textOf(item)} (order by a column of the windowed aggregate)`)
    const words = tokensOf(item)
    const nulls = words.includes('NULLS') ? (words.includes('FIRST') ? 'first' : 'last') : undefined
    return { name: textOf(column), position: positionOf(column), descending: words.includes('DESC'), ...(nulls === undefined ? {} : { nulls }) }
  })
}

/** `ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...) AS rownum`. */
function overItem(item: ParseTree): Pick<TopNShape, 'partitionBy' | 'orderBy' | 'rowNumber'> {
  const over = childOf(ruleChildren(item)[0]!, 'OverWindowItem') ?? ruleChildren(item)[0]!
  const [call, spec] = ruleChildren(over)
  const name = call === undefined ? '' : textOf(call).replace(/\s+/g, '').toUpperCase()
  if (name !== 'ROW_NUMBER()') return unsupported(call ?? over, `${textOf(call ?? over)} OVER (a window Top-N ranks with ROW_NUMBER())`)
  const alias = ruleChildren(over).at(-1)
  if (spec === undefined || kindOf(spec) !== 'WindowSpec' || alias === spec || alias === undefined)
    return unsupported(over, `${textOf(over)} (give ROW_NUMBER() OVER (...) AS a name)`)
  const partition = childOf(spec, 'PartitionByClause')
  const order = childOf(spec, 'OrderByClause')
  const extra = ruleChildren(spec).find((c) => !['PartitionByClause', 'OrderByClause'].includes(kindOf(c)))
  if (extra !== undefined) return unsupported(extra, `${textOf(extra)} in OVER (...)`)
  if (partition === undefined) throw new SqlError(positionOf(spec), 'a window Top-N needs PARTITION BY window_start, window_end')
  if (order === undefined) throw new SqlError(positionOf(spec), 'a window Top-N needs ORDER BY in OVER (...)')
  const partitionBy = ruleChildren(partition).map((c) =>
    kindOf(c) === 'ColumnName' && !textOf(c).includes('.')
      ? { name: textOf(c), position: positionOf(c) }
      : unsupported(c, `PARTITION BY ${textOf(c)} (name columns)`),
  )
  return { partitionBy, orderBy: orderItems(order), rowNumber: textOf(alias) }
}

/** The ranking query: the windowed aggregate's columns by name and one ROW_NUMBER() OVER item. */
function rankingQuery(middle: ParseTree): Omit<TopNShape, 'inner' | 'outer' | 'limit' | 'position'> {
  onlyClauses(middle, ['SelectClause', 'FromClause'], 'the ranking query of a window Top-N')
  const list = childOf(childOf(middle, 'SelectClause')!, 'SelectList')
  if (list === undefined) return unsupported(middle, `${textOf(childOf(middle, 'SelectClause')!)} (list the columns and ROW_NUMBER() OVER (...))`)
  let over: Pick<TopNShape, 'partitionBy' | 'orderBy' | 'rowNumber'> | undefined
  const ranked: Named[] = []
  for (const item of ruleChildren(list)) {
    const [inner] = ruleChildren(item)
    if (inner !== undefined && kindOf(inner) === 'SelectWindowItemColumnName') {
      if (over !== undefined) unsupported(item, 'a second ROW_NUMBER() in a window Top-N')
      over = overItem(item)
      ranked.push({ name: over.rowNumber, position: positionOf(item) })
    } else ranked.push(columnItem(item) ?? unsupported(item, `${textOf(item)} in a window Top-N's ranking query (name columns of the windowed aggregate)`))
  }
  if (over === undefined) return unsupported(list, 'a subquery in FROM without ROW_NUMBER() OVER (...): only a window Top-N reads a subquery')
  return { ...over, ranked }
}

/**
 * Recognizes Flink's window Top-N: `SELECT * | cols FROM (SELECT cols, ROW_NUMBER() OVER
 * (PARTITION BY window_start, window_end ORDER BY ...) AS rownum FROM (<windowed aggregate>))
 * WHERE rownum <= N`. Undefined when FROM names a table.
 *
 * @throws SqlError for another shape with a subquery in FROM
 */
export function topNShape(select: ParseTree): TopNShape | undefined {
  const middle = subquery(childOf(select, 'FromClause'))
  if (middle === undefined) return undefined
  onlyClauses(select, ['SelectClause', 'FromClause', 'WhereClause'], 'a window Top-N')
  const inner = subquery(childOf(middle, 'FromClause'))
  if (inner === undefined) return unsupported(childOf(middle, 'FromClause')!, 'a ranking over a table: a window Top-N ranks a windowed aggregate subquery')
  const ranking = rankingQuery(middle)
  const list = childOf(childOf(select, 'SelectClause')!, 'SelectList')
  const items = list === undefined ? [] : ruleChildren(list)
  const star = items.length === 1 && textOf(items[0]!) === '*'
  const outer = star ? undefined : items.map((item) => columnItem(item) ?? unsupported(item, `${textOf(item)} in a window Top-N (name columns, or *)`))
  if (list === undefined || childrenOf(childOf(select, 'SelectClause')!).some((c) => kindOf(c) === 'SetQuantifier')) unsupported(select, 'SELECT DISTINCT')
  const limit = limitOf(childOf(select, 'WhereClause'), ranking.rowNumber, select)
  return { inner, ...ranking, ...(outer === undefined ? {} : { outer }), limit, position: positionOf(select) }
}
