import type { BinaryOperator, Expr, OutputExpr } from '../plan/QueryPlan.js'

/** A SQL value: NULL is `null`. */
export type SqlValue = number | string | boolean | null

/** A source row: the event's JSON fields. */
export type Row = Readonly<Record<string, unknown>>

const value = (v: unknown): SqlValue => (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null)

type Num = number
/** Operators over two non-NULL values; the plan's type check put numbers where arithmetic reads them. */
const STRICT: Readonly<Record<Exclude<BinaryOperator, 'AND' | 'OR'>, (a: NonNullable<SqlValue>, b: NonNullable<SqlValue>) => SqlValue>> = {
  '+': (a, b) => (a as Num) + (b as Num),
  '-': (a, b) => (a as Num) - (b as Num),
  '*': (a, b) => (a as Num) * (b as Num),
  '=': (a, b) => a === b,
  '<>': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
}

/** SQL's three-valued logic and NULL propagation for one binary operator. */
function apply(op: BinaryOperator, a: SqlValue, b: SqlValue): SqlValue {
  if (op === 'AND') return a === false || b === false ? false : a === null || b === null ? null : true
  if (op === 'OR') return a === true || b === true ? true : a === null || b === null ? null : false
  return a === null || b === null ? null : STRICT[op](a, b)
}

type Structural<T> = Extract<T, { kind: 'literal' | 'binary' | 'not' | 'negate' | 'isNull' }>

/** The closure of a structural node, given how to compile its children. */
function structural<I>(node: Structural<Expr | OutputExpr>, sub: (e: never) => (input: I) => SqlValue): (input: I) => SqlValue {
  switch (node.kind) {
    case 'literal': {
      const v = node.value
      return () => v
    }
    case 'binary': {
      const l = sub(node.left as never)
      const r = sub(node.right as never)
      const op = node.op
      return (input) => apply(op, l(input), r(input))
    }
    case 'not': {
      const f = sub(node.operand as never)
      return (input) => {
        const v = f(input)
        return v === null ? null : !v
      }
    }
    case 'negate': {
      const f = sub(node.operand as never)
      return (input) => {
        const v = f(input)
        return v === null ? null : -(v as number)
      }
    }
    case 'isNull': {
      const f = sub(node.operand as never)
      const negated = node.negated
      return (input) => (f(input) === null) !== negated
    }
  }
}

/** What a row expression reads: the event, or a join's pair `[left, right]`. */
export type RowInput = Row | readonly Row[]

/** Compiles a row expression to a function of the event (or, `joined`, of the pair). */
export function compileRowExpr(expr: Expr, joined = false): (input: RowInput) => SqlValue {
  if (expr.kind === 'column') {
    const { source, name } = expr
    return joined ? (pair) => value((pair as readonly Row[])[source]![name]) : (row) => value((row as Row)[name])
  }
  return structural<RowInput>(expr, (e: Expr) => compileRowExpr(e, joined))
}

/** What an output expression reads: the group's key values, aggregate results and window. */
export interface OutputInput {
  readonly keys: readonly SqlValue[]
  readonly aggregates: readonly SqlValue[]
  readonly start: number
  readonly end: number
}

/** Compiles an output expression (SELECT item, HAVING). */
export function compileOutputExpr(expr: OutputExpr): (input: OutputInput) => SqlValue {
  switch (expr.kind) {
    case 'key': {
      const i = expr.index
      return (input) => input.keys[i]!
    }
    case 'aggregate': {
      const i = expr.index
      return (input) => input.aggregates[i]!
    }
    case 'windowStart':
      return (input) => input.start
    case 'windowEnd':
      return (input) => input.end
    default:
      return structural<OutputInput>(expr, compileOutputExpr)
  }
}
