import { FlinkSQL } from 'dt-sql-parser'
import type { ParseTree } from 'antlr4ng'
import { SqlError } from '../errors.js'

const flink = new FlinkSQL()

/**
 * Parses a query with dt-sql-parser's Flink SQL grammar. The parser recovers from syntax errors
 * and would hand back a repaired tree; a query it reported any error for is refused instead.
 *
 * @throws SqlError at the first syntax error, with the parser's message
 */
export function parseFlinkSql(sql: string): ParseTree {
  if (sql.trim() === '') throw new SqlError({ line: 1, column: 1 }, 'the query is empty')
  const errors = flink.validate(sql)
  const first = errors[0]
  if (first !== undefined) throw new SqlError({ line: first.startLine, column: first.startColumn }, `syntax error: ${first.message}`)
  return flink.parse(sql)
}
