import { ParserRuleContext, TerminalNode, type ParseTree } from 'antlr4ng'
import type { SqlPosition } from '../errors.js'

/** The grammar rule (or labelled alternative) of a node: its context class without `Context`. */
export const kindOf = (node: ParseTree): string => (node instanceof TerminalNode ? 'token' : node.constructor.name.replace(/Context$/, ''))

/** The children of a rule node (none for a token). */
export const childrenOf = (node: ParseTree): readonly ParseTree[] => (node instanceof ParserRuleContext ? (node.children ?? []) : [])

/** The first child of a kind, if any. */
export const childOf = (node: ParseTree, kind: string): ParseTree | undefined => childrenOf(node).find((c) => kindOf(c) === kind)

/** The children that are rule nodes (not tokens). */
export const ruleChildren = (node: ParseTree): ParseTree[] => childrenOf(node).filter((c) => c instanceof ParserRuleContext)

/** The texts of the token children, upper-cased: keywords and operators. */
export const tokensOf = (node: ParseTree): string[] => childrenOf(node).flatMap((c) => (c instanceof TerminalNode ? [c.getText().toUpperCase()] : []))

/** Where a node starts; columns from 1. */
export function positionOf(node: ParseTree): SqlPosition {
  const token = node instanceof ParserRuleContext ? node.start : node instanceof TerminalNode ? node.symbol : null
  return { line: token?.line ?? 1, column: (token?.column ?? 0) + 1 }
}

/** The node's text as written (with the spaces between its tokens). */
export function textOf(node: ParseTree): string {
  if (!(node instanceof ParserRuleContext)) return node.getText()
  const ctx = node
  const input = ctx.start?.inputStream
  if (!input || !ctx.start || !ctx.stop) return ctx.getText()
  return input.getText(ctx.start.start, ctx.stop.stop)
}
