import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { SqlError, compileQuery, type CompiledQuery } from '@sdp/sql'

/** Longest query text the SQL page may send, in characters. */
export const MAX_QUERY_LENGTH = 20_000

/** A column of the result as the page draws it: window bounds, group keys, and the values computed per group. */
export interface ResultColumn {
  readonly name: string
  readonly role: 'window_start' | 'window_end' | 'key' | 'value'
  readonly type: 'number' | 'string' | 'boolean' | 'null'
}

/** The request, compiled; or the 400 that says what was wrong with it. */
export type LiveQueryRequest = { readonly ok: true; readonly query: CompiledQuery } | { readonly ok: false; readonly answer: APIGatewayProxyResult }

const badRequest = (body: object): { ok: false; answer: APIGatewayProxyResult } => ({
  ok: false,
  answer: { statusCode: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
})
const invalid = (field: string, message: string) => badRequest({ error: 'invalid request', errors: [{ field, message }] })

/** The SQL text of a `{"sql": "..."}` body, or what is wrong with the body. */
function sqlOf(body: string | null): string | { field: string; message: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(body ?? '')
  } catch {
    return { field: 'body', message: 'must be a JSON object {"sql": "<Flink SQL>"}' }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { field: 'body', message: 'must be a JSON object {"sql": "<Flink SQL>"}' }
  const unknown = Object.keys(parsed).filter((k) => k !== 'sql')
  if (unknown.length > 0) return { field: unknown[0]!, message: 'is not a field of the request (only sql is)' }
  const sql = (parsed as { sql?: unknown }).sql
  if (typeof sql !== 'string' || sql.trim() === '') return { field: 'sql', message: 'must be a non-empty string' }
  if (sql.length > MAX_QUERY_LENGTH) return { field: 'sql', message: `must be at most ${MAX_QUERY_LENGTH} characters, got ${sql.length}` }
  return sql
}

/**
 * Reads `POST /sql/live`: a JSON body `{"sql": "<Flink SQL>"}`, compiled with `@sdp/sql`. A body
 * that is not that is a 400 naming the field; a query the compiler refuses is a 400 with the
 * refusal's `line` and `column` (1-based) and its `reason`.
 */
export function readLiveQueryRequest(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): LiveQueryRequest {
  const body = event.isBase64Encoded && event.body !== null ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
  const sql = sqlOf(body)
  if (typeof sql !== 'string') return invalid(sql.field, sql.message)
  try {
    return { ok: true, query: compileQuery(sql) }
  } catch (error) {
    if (!(error instanceof SqlError)) throw error
    return badRequest({ error: 'query refused', message: error.message, line: error.line, column: error.column, reason: error.reason })
  }
}

/** The query's output columns with their roles and SQL types. */
export function resultColumns(query: CompiledQuery): ResultColumn[] {
  return query.plan.select.map(({ name, expr }) => ({
    name,
    role: expr.kind === 'windowStart' ? 'window_start' : expr.kind === 'windowEnd' ? 'window_end' : expr.kind === 'key' ? 'key' : 'value',
    type: expr.type,
  }))
}
