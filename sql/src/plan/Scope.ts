import { SqlError } from '../errors.js'
import { SOURCE_TABLES, type SqlType } from '../catalog.js'
import type { Ast } from '../parse/Ast.js'
import type { SourceRef } from './QueryPlan.js'

/** A resolved column: which source (0, or 1 for a join's right side) and its type. */
export interface ResolvedColumn {
  readonly source: number
  readonly table: string
  readonly name: string
  readonly type: SqlType
}

/** The tables in FROM, and how a column reference resolves against them. */
export class Scope {
  constructor(readonly sources: readonly SourceRef[]) {}

  /**
   * `name` or `alias.name`: the one source that has it.
   *
   * @throws SqlError for an unknown or ambiguous column
   */
  resolve(ast: Ast & { k: 'column' }): ResolvedColumn {
    const parts = ast.parts
    if (parts.length > 2) throw new SqlError(ast.position, `not supported: the column path ${ast.text}`)
    const name = parts[parts.length - 1]!
    const qualifier = parts.length === 2 ? parts[0] : undefined
    const candidates = this.sources.flatMap((s, source) => {
      if (qualifier !== undefined && qualifier !== s.alias) return []
      const type = SOURCE_TABLES[s.table]!.columns[name]
      return type === undefined ? [] : [{ source, table: s.table, name, type }]
    })
    if (qualifier !== undefined && !this.sources.some((s) => s.alias === qualifier))
      throw new SqlError(ast.position, `unknown table or alias '${qualifier}' (FROM has ${this.sources.map((s) => s.alias).join(', ')})`)
    if (candidates.length === 0) {
      const tables = this.sources.map((s) => `${s.table}: ${Object.keys(SOURCE_TABLES[s.table]!.columns).join(', ')}`).join('; ')
      throw new SqlError(ast.position, `unknown column '${ast.text}' (${tables})`)
    }
    if (candidates.length > 1)
      throw new SqlError(ast.position, `column '${name}' is ambiguous: qualify it with ${this.sources.map((s) => s.alias).join(' or ')}`)
    return candidates[0]!
  }
}

/** A source table by name, or an error listing the tables there are. */
export function sourceTable(name: string, position: { line: number; column: number }): string {
  if (SOURCE_TABLES[name] === undefined)
    throw new SqlError(position, `unknown table '${name}': the stream's tables are ${Object.keys(SOURCE_TABLES).join(', ')}`)
  return name
}
