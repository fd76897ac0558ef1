import { SqlError } from '../errors.js'
import type { SqlType } from '../catalog.js'
import type { Ast } from '../parse/Ast.js'
import type { BinaryOperator, Expr, OutputExpr } from './QueryPlan.js'

/** A node of either expression tree: both share the structural kinds. */
type Typed = Expr | OutputExpr

const ARITHMETIC = new Set<BinaryOperator>(['+', '-', '*'])
const LOGICAL = new Set<BinaryOperator>(['AND', 'OR'])

const expect = (ast: Ast, node: Typed, types: readonly SqlType[], what: string): void => {
  if (node.type !== 'null' && !types.includes(node.type))
    throw new SqlError(ast.position, `${what} needs ${types.join(' or ')}, but ${ast.text} is ${node.type}`)
}

function binaryType(ast: Ast & { k: 'binary' }, left: Typed, right: Typed): SqlType {
  if (ARITHMETIC.has(ast.op)) {
    expect(ast.left, left, ['number'], `'${ast.op}'`)
    expect(ast.right, right, ['number'], `'${ast.op}'`)
    return 'number'
  }
  if (LOGICAL.has(ast.op)) {
    expect(ast.left, left, ['boolean'], ast.op)
    expect(ast.right, right, ['boolean'], ast.op)
    return 'boolean'
  }
  if (left.type !== 'null' && right.type !== 'null' && left.type !== right.type)
    throw new SqlError(ast.position, `cannot compare ${left.type} with ${right.type} in ${ast.text}`)
  return 'boolean'
}

/**
 * Types an {@link Ast} into an expression tree, with `leaf` resolving what is particular to the
 * tree (columns in rows; keys, aggregates and window bounds in outputs). BETWEEN becomes two
 * comparisons; intervals have no value here.
 *
 * @throws SqlError for type mismatches and anything `leaf` refuses
 */
export function typedExpr<T extends Typed>(ast: Ast, leaf: (ast: Ast) => T | undefined): T {
  const own = leaf(ast)
  if (own !== undefined) return own
  const recurse = (a: Ast) => typedExpr(a, leaf)
  switch (ast.k) {
    case 'literal':
      return { kind: 'literal', value: ast.value, type: ast.value === null ? 'null' : (typeof ast.value as SqlType) } as unknown as T
    case 'binary': {
      const left = recurse(ast.left)
      const right = recurse(ast.right)
      return { kind: 'binary', op: ast.op, left, right, type: binaryType(ast, left, right) } as unknown as T
    }
    case 'not': {
      const operand = recurse(ast.operand)
      expect(ast.operand, operand, ['boolean'], 'NOT')
      return { kind: 'not', operand, type: 'boolean' } as unknown as T
    }
    case 'negate': {
      const operand = recurse(ast.operand)
      expect(ast.operand, operand, ['number'], "'-'")
      return { kind: 'negate', operand, type: 'number' } as unknown as T
    }
    case 'isNull':
      return { kind: 'isNull', operand: recurse(ast.operand), negated: ast.negated, type: 'boolean' } as unknown as T
    case 'between': {
      const ge: Ast = { ...ast, k: 'binary', op: '>=', left: ast.operand, right: ast.low }
      const le: Ast = { ...ast, k: 'binary', op: '<=', left: ast.operand, right: ast.high }
      return recurse({ ...ast, k: 'binary', op: 'AND', left: ge, right: le })
    }
    case 'interval':
      throw new SqlError(ast.position, `not supported: an interval (${ast.text}) outside a window or join bound`)
    default:
      throw new SqlError(ast.position, `not supported here: ${ast.text}`)
  }
}
