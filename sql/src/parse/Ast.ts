import type { SqlPosition } from '../errors.js'
import type { BinaryOperator } from '../plan/QueryPlan.js'

/** An expression as written, before names are resolved and types checked. */
export type Ast = { readonly position: SqlPosition; readonly text: string } & (
  | { readonly k: 'column'; readonly parts: readonly string[] }
  | { readonly k: 'literal'; readonly value: number | string | boolean | null }
  | { readonly k: 'interval'; readonly ms: number }
  | { readonly k: 'binary'; readonly op: BinaryOperator; readonly left: Ast; readonly right: Ast }
  | { readonly k: 'not'; readonly operand: Ast }
  | { readonly k: 'negate'; readonly operand: Ast }
  | { readonly k: 'isNull'; readonly operand: Ast; readonly negated: boolean }
  | { readonly k: 'between'; readonly operand: Ast; readonly low: Ast; readonly high: Ast }
  | { readonly k: 'call'; readonly name: string; readonly distinct: boolean; readonly star: boolean; readonly args: readonly Ast[] }
)
