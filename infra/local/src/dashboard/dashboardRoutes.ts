import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { S3Client } from '@aws-sdk/client-s3'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { headerValue } from '../apiGatewayEvent.js'
import type { RouteDefinition } from '../httpServer.js'
import { buildDashboard, type DashboardAsset } from './buildDashboard.js'
import { createReportsHandler, type PlatformMetricsProvider } from '@sdp/reporting'

/** Options of {@link dashboardRoutes}. */
export interface DashboardRoutesOptions {
  readonly dynamodb: DynamoDBClient
  readonly s3: Pick<S3Client, 'send'>
  /** The aggregates table the campaign list reads. */
  readonly aggregatesTable: string
  /** The lake bucket: dead letters and the model pointer. */
  readonly bucket: string
  /** Live figures for `/reports/metrics` (a LocalPlatformMetrics). @default none (null figures) */
  readonly metrics?: PlatformMetricsProvider
  /** The site to serve. @default built from reporting/dashboard/ on the first request */
  readonly site?: () => Promise<ReadonlyMap<string, DashboardAsset>>
}

/** The page's security policy: its own scripts, styles and API only. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

/**
 * The dashboard on the local platform's port: the page at `GET /`, the SQL page at `GET /sql`, their
 * bundles at `GET /dashboard/{file}`, and the two endpoints it reads besides the per-campaign reports,
 * `GET /reports/campaigns` and `GET /reports/metrics` (the reporting workspace's handler, as on AWS).
 *
 * @example
 * routes: (ctx) => [...apiRoutes, ...dashboardRoutes({ ...ctx.services, aggregatesTable, bucket, metrics })]
 */
export function dashboardRoutes(options: DashboardRoutesOptions): RouteDefinition[] {
  const api = createReportsHandler({
    dynamodb: options.dynamodb,
    tableName: options.aggregatesTable,
    lake: { s3: options.s3, bucket: options.bucket },
    ...(options.metrics ? { platform: options.metrics } : {}),
  })
  const page = pageHandler(options.site ?? (() => buildDashboard()))
  return [
    { method: 'GET', resource: '/', handler: page, name: 'dashboard' },
    { method: 'GET', resource: '/sql', handler: page, name: 'dashboard' },
    { method: 'GET', resource: '/dashboard/{file}', handler: page, name: 'dashboard' },
    { method: 'GET', resource: '/reports/campaigns', handler: api, name: 'reports' },
    { method: 'GET', resource: '/reports/metrics', handler: api, name: 'reports' },
  ]
}

/** Serves the site's files with validators; the site is built once, on first use (again after a failed build). */
function pageHandler(site: () => Promise<ReadonlyMap<string, DashboardAsset>>) {
  let built: Promise<ReadonlyMap<string, DashboardAsset>> | undefined
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    let files: ReadonlyMap<string, DashboardAsset>
    try {
      files = await (built ??= site())
    } catch (error) {
      built = undefined
      return text(500, `the dashboard could not be built: ${(error as Error).message}`)
    }
    const name = event.path === '/' ? 'index.html' : event.path === '/sql' ? 'sql.html' : event.path.slice(1)
    const file = files.get(name)
    if (!file) return text(404, `no dashboard file ${event.path}`)
    const headers: Record<string, string> = {
      'content-type': file.contentType,
      etag: file.etag,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    }
    if (name.endsWith('.html')) headers['content-security-policy'] = CSP
    const match = headerValue(event.headers ?? {}, 'if-none-match')
    if (match === file.etag) return { statusCode: 304, headers, body: '' }
    return { statusCode: 200, headers, body: file.body }
  }
}

const text = (statusCode: number, body: string): APIGatewayProxyResult => ({ statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body })
