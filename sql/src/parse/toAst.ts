import type { ParseTree } from 'antlr4ng'
import { SqlError } from '../errors.js'
import type { BinaryOperator } from '../plan/QueryPlan.js'
import type { Ast } from './Ast.js'
import { childOf, childrenOf, kindOf, positionOf, ruleChildren, textOf, tokensOf } from './tree.js'

const UNIT_MS: Readonly<Record<string, number>> = {
  MILLISECOND: 1,
  SECOND: 1_000,
  SECONDS: 1_000,
  MINUTE: 60_000,
  MINUTES: 60_000,
  HOUR: 3_600_000,
  HOURS: 3_600_000,
  DAY: 86_400_000,
  DAYS: 86_400_000,
}

const COMPARISONS: Readonly<Record<string, BinaryOperator>> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }

const unsupported = (node: ParseTree, what: string): never => {
  throw new SqlError(positionOf(node), `not supported: ${what}`)
}

/** `INTERVAL 'n' UNIT` in milliseconds; n a positive integer. */
export function intervalMs(node: ParseTree): number {
  const multi = childOf(childOf(node, 'ErrorCapturingMultiUnitsInterval') ?? node, 'MultiUnitsInterval')
  const values = multi === undefined ? [] : ruleChildren(multi)
  if (values.length !== 2) return unsupported(node, `the interval ${textOf(node)} (write INTERVAL 'n' SECOND|MINUTE|HOUR|DAY)`)
  const raw = textOf(values[0]!).replace(/^'(.*)'$/, '$1')
  const unit = textOf(values[1]!).toUpperCase()
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0)
    throw new SqlError(positionOf(values[0]!), `an interval must be a positive whole number, got ${raw}`)
  const ms = UNIT_MS[unit]
  if (ms === undefined) return unsupported(values[1]!, `the interval unit ${unit} (use SECOND, MINUTE, HOUR or DAY)`)
  return n * ms
}

const base = (node: ParseTree) => ({ position: positionOf(node), text: textOf(node) })

function constant(node: ParseTree): Ast {
  const [inner] = ruleChildren(node)
  if (inner !== undefined && kindOf(inner) === 'TimeIntervalExpression') return { ...base(node), k: 'interval', ms: intervalMs(inner) }
  if (inner !== undefined && kindOf(inner) === 'StringLiteral') {
    const raw = textOf(inner)
    if (!/^'([^']|'')*'$/.test(raw)) return unsupported(node, `the string literal ${raw}`)
    return { ...base(node), k: 'literal', value: raw.slice(1, -1).replace(/''/g, "'") }
  }
  const text = textOf(node)
  const upper = text.toUpperCase()
  if (upper === 'NULL') return { ...base(node), k: 'literal', value: null }
  if (upper === 'TRUE' || upper === 'FALSE') return { ...base(node), k: 'literal', value: upper === 'TRUE' }
  if (/^\d+(\.\d+)?$/.test(text) && Number.isFinite(Number(text))) return { ...base(node), k: 'literal', value: Number(text) }
  return unsupported(node, `the literal ${text}`)
}

function functionCall(node: ParseTree): Ast {
  const call = childOf(node, 'FunctionCallExpression') ?? node
  const nameNode = childOf(call, 'FunctionNameWithParams')
  if (nameNode === undefined) return unsupported(node, `the function call ${textOf(node)}`)
  const distinct = childOf(call, 'SetQuantifier') !== undefined && textOf(childOf(call, 'SetQuantifier')!).toUpperCase() === 'DISTINCT'
  if (childOf(call, 'SetQuantifier') !== undefined && !distinct) return unsupported(node, `${textOf(childOf(call, 'SetQuantifier')!)} in ${textOf(node)}`)
  let star = false
  const args: Ast[] = []
  for (const param of childrenOf(call).filter((c) => kindOf(c) === 'FunctionParam')) {
    const [inner] = ruleChildren(param)
    if (inner !== undefined && textOf(param) === '*') star = true
    else if (inner !== undefined && kindOf(inner) === 'Expression') args.push(toAst(inner))
    else if (inner !== undefined && kindOf(inner) === 'TimeIntervalExpression') args.push({ ...base(inner), k: 'interval', ms: intervalMs(inner) })
    else return unsupported(param, `the function argument ${textOf(param)}`)
  }
  if (childrenOf(call).some((c) => !['FunctionNameWithParams', 'SetQuantifier', 'FunctionParam', 'token'].includes(kindOf(c))))
    return unsupported(node, `the function call ${textOf(node)}`)
  return { ...base(node), k: 'call', name: textOf(nameNode).toUpperCase(), distinct, star, args }
}

function predicated(node: ParseTree): Ast {
  const [value, predicate] = ruleChildren(node)
  const operand = toAst(value!)
  if (predicate === undefined) return operand
  const words = tokensOf(predicate)
  if (words.join(' ') === 'IS NULL' || words.join(' ') === 'IS NOT NULL') return { ...base(node), k: 'isNull', operand, negated: words.length === 3 }
  if (words.join(' ') === 'BETWEEN AND') {
    const [low, high] = ruleChildren(predicate)
    return { ...base(node), k: 'between', operand, low: toAst(low!), high: toAst(high!) }
  }
  return unsupported(predicate, `the predicate ${textOf(predicate)}`)
}

function binary(node: ParseTree, opText: string): Ast {
  const [left, right] = ruleChildren(node).filter((c) => kindOf(c) !== 'ComparisonOperator')
  const op = (COMPARISONS[opText] ?? (['+', '-', '*', 'AND', 'OR'].includes(opText) ? opText : undefined)) as BinaryOperator | undefined
  if (op === undefined) return unsupported(node, `the operator ${opText}`)
  return { ...base(node), k: 'binary', op, left: toAst(left!), right: toAst(right!) }
}

/**
 * An expression subtree of the Flink grammar as an {@link Ast}: column references, literals,
 * intervals, comparisons, AND/OR/NOT, + - *, IS [NOT] NULL, BETWEEN and function calls.
 *
 * @throws SqlError naming the position of anything else
 */
export function toAst(node: ParseTree): Ast {
  switch (kindOf(node)) {
    case 'Expression':
    case 'ValueExpressionDefault':
      return toAst(ruleChildren(node)[0]!)
    case 'Predicated':
      return predicated(node)
    case 'LogicalBinary':
      return binary(node, tokensOf(node)[0]!)
    case 'LogicalNot':
      return { ...base(node), k: 'not', operand: toAst(ruleChildren(node)[0]!) }
    case 'Comparison':
      return binary(node, tokensOf(childOf(node, 'ComparisonOperator')!).join(''))
    case 'ArithmeticBinary':
      return binary(node, tokensOf(node)[0]!)
    case 'ArithmeticUnary':
      if (tokensOf(node)[0] !== '-') return unsupported(node, `the operator ${tokensOf(node)[0]}`)
      return { ...base(node), k: 'negate', operand: toAst(ruleChildren(node)[0]!) }
    case 'ParenthesizedExpression':
      return toAst(ruleChildren(node)[0]!)
    case 'ColumnReference':
      return {
        ...base(node),
        k: 'column',
        parts: textOf(node)
          .split('.')
          .map((p) => p.replace(/^`(.*)`$/, '$1')),
      }
    case 'ConstantDefault':
      return constant(ruleChildren(node)[0]!)
    case 'FunctionCall':
      return functionCall(node)
    default:
      return unsupported(node, `the expression ${textOf(node)}`)
  }
}
