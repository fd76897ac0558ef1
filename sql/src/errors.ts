/** A position in the query text: line and column both start at 1. */
export interface SqlPosition {
  readonly line: number
  readonly column: number
}

/**
 * A query the compiler refuses: a syntax error, or a construct it does not support. The message
 * starts with `line:column` and says what is wrong, so a user can find it in the query.
 */
export class SqlError extends Error {
  override readonly name = 'SqlError'
  readonly line: number
  readonly column: number
  /** The message without the position. */
  readonly reason: string

  constructor(position: SqlPosition, reason: string) {
    super(`${position.line}:${position.column}: ${reason}`)
    this.line = position.line
    this.column = position.column
    this.reason = reason
  }
}
