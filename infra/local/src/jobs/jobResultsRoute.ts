import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { JobResultsTable, type JobResultsQuery } from '@sdp/stream-runtime'
import type { RouteDefinition } from '../httpServer.js'

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

interface ParameterError {
  readonly parameter: string
  readonly message: string
}

const EPOCH_MS = /^\d{1,16}$/

/** The query of `GET /jobs/{name}/results`, or what is wrong with each bad parameter. */
export function parseJobResultsQuery(params: Readonly<Record<string, string | undefined>> | null): JobResultsQuery | ParameterError[] {
  const p = params ?? {}
  const errors: ParameterError[] = []
  const key = p.key
  if (key === undefined || key === '') errors.push({ parameter: 'key', message: 'is required: the key whose windows to read' })
  else if (key.length > 1024) errors.push({ parameter: 'key', message: 'must be at most 1024 characters' })
  const instant = (name: 'from' | 'to'): number | undefined => {
    const raw = p[name]
    if (raw === undefined) return undefined
    if (!EPOCH_MS.test(raw) || !Number.isSafeInteger(Number(raw))) {
      errors.push({ parameter: name, message: `must be a window start in epoch milliseconds (a non-negative integer), got '${raw}'` })
      return undefined
    }
    return Number(raw)
  }
  const from = instant('from')
  const to = instant('to')
  if (from !== undefined && to !== undefined && from > to) errors.push({ parameter: 'from', message: `must not be after to (${from} > ${to})` })
  const desc = p.desc
  if (desc !== undefined && desc !== 'true' && desc !== 'false') errors.push({ parameter: 'desc', message: `must be true or false, got '${desc}'` })
  if (errors.length > 0) return errors
  return { key: key as string, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), desc: desc === 'true' }
}

/** Options of {@link jobResultsRoute}. */
export interface JobResultsRouteOptions {
  readonly dynamodb: Pick<DynamoDBClient, 'send'>
  readonly tableName: string
  /** Names of the jobs running; any other name answers 404. */
  readonly jobs: readonly string[]
}

/**
 * `GET /jobs/{name}/results?key=&from=&to=&desc=`: one key's results of a user job, a row per
 * window starting in `[from, to)` (epoch ms), `{key, windowStart, windowEnd, value}`, oldest first
 * (newest first with `desc=true`). 400 names each bad parameter; 404 names the jobs there are.
 */
export function jobResultsRoute(options: JobResultsRouteOptions): RouteDefinition {
  const store = new JobResultsTable({ dynamodb: options.dynamodb, tableName: options.tableName })
  const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const name = event.pathParameters?.name ?? ''
    if (!options.jobs.includes(name)) {
      const running = options.jobs.length === 0 ? 'none (start them with SDP_JOBS)' : options.jobs.join(', ')
      return json(404, { error: `no job named '${name}'; jobs running: ${running}` })
    }
    const query = parseJobResultsQuery(event.queryStringParameters)
    if (Array.isArray(query)) return json(400, { error: 'invalid request', errors: query })
    return json(200, { job: name, key: query.key, results: await store.query(name, query) })
  }
  return { method: 'GET', resource: '/jobs/{name}/results', handler, name: 'job-results' }
}
