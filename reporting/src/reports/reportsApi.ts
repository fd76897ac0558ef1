import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import type { CampaignDirectory } from './CampaignDirectory.js'
import { pageCampaigns, parseCampaignListQuery } from './campaignList.js'
import type { MetricsService } from './MetricsService.js'
import { parseCampaignId, parseReportQuery, type ParameterError } from './parseReportQuery.js'
import type { ReportService } from './ReportService.js'
import type { CampaignListResponse } from './responses.js'

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})
const invalid = (errors: ParameterError[]) => json(400, { error: 'invalid request', errors })
const notFound = (event: APIGatewayProxyEvent) => json(404, { error: `no route for ${event.httpMethod} ${event.path}` })

/** Services behind the routes added for the dashboard; a route whose service is absent answers 404. */
export interface ReportsApiExtras {
  /** Serves `GET /reports/campaigns`. */
  readonly campaigns?: CampaignDirectory
  /** Serves `GET /reports/metrics`. */
  readonly metrics?: MetricsService
}

/**
 * The reports API over API Gateway proxy events:
 * `GET /reports/campaigns/{campaign_item_id}` and `GET /reports/campaigns/{campaign_item_id}/period`,
 * plus, when their services are given, `GET /reports/campaigns` (the paged campaign list) and
 * `GET /reports/metrics` (platform health).
 */
export function createReportsApi(reports: ReportService, extras: ReportsApiExtras = {}) {
  return async function reportsApi(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const route = routeOf(event, extras)
    if (!route) return notFound(event)
    if (event.httpMethod !== 'GET') return json(405, { error: `${event.httpMethod} is not allowed here; use GET` }, { allow: 'GET' })
    const params = event.queryStringParameters ?? {}
    switch (route.name) {
      case 'campaigns':
        return campaignList(route.directory, params)
      case 'metrics':
        return platformMetrics(route.metrics, params)
      case 'period':
        return periodReport(reports, route.campaign, params)
      case 'totals': {
        const campaign = parseCampaignId(route.campaign)
        return typeof campaign === 'number' ? json(200, await reports.totals(campaign)) : invalid([campaign])
      }
    }
  }
}

/** What a request asks for; undefined for a path no route serves. */
type Route =
  | { readonly name: 'campaigns'; readonly directory: CampaignDirectory }
  | { readonly name: 'metrics'; readonly metrics: MetricsService }
  | { readonly name: 'totals' | 'period'; readonly campaign: string }

function routeOf(event: APIGatewayProxyEvent, extras: ReportsApiExtras): Route | undefined {
  if (event.path === '/reports/campaigns' && extras.campaigns) return { name: 'campaigns', directory: extras.campaigns }
  if (event.path === '/reports/metrics' && extras.metrics) return { name: 'metrics', metrics: extras.metrics }
  const match = /^\/reports\/campaigns\/([^/]*)(\/period)?\/?$/.exec(event.path)
  if (!match) return undefined
  const campaign = event.pathParameters?.campaign_item_id ?? decodeURIComponent(match[1] ?? '')
  return { name: match[2] ? 'period' : 'totals', campaign }
}

async function platformMetrics(metrics: MetricsService, params: Readonly<Record<string, string | undefined>>): Promise<APIGatewayProxyResult> {
  const names = Object.keys(params)
  if (names.length > 0) return invalid(names.map((parameter) => ({ parameter, message: 'is not a parameter of this endpoint (it takes none)' })))
  return json(200, await metrics.metrics(), { 'cache-control': 'no-store' })
}

async function periodReport(reports: ReportService, campaign: string, params: Readonly<Record<string, string | undefined>>): Promise<APIGatewayProxyResult> {
  const parsed = parseReportQuery(campaign, params)
  if (!parsed.ok) return invalid(parsed.errors)
  const rows = await reports.periods(parsed.query)
  const { campaignItemId, period, timezone, desc } = parsed.query
  return json(200, { campaign_item_id: campaignItemId, period, timezone, desc, rows })
}

async function campaignList(directory: CampaignDirectory, params: Readonly<Record<string, string | undefined>>): Promise<APIGatewayProxyResult> {
  const parsed = parseCampaignListQuery(params)
  if (!parsed.ok) return invalid(parsed.errors)
  const { campaigns, readAt } = await directory.snapshot()
  const page = pageCampaigns(campaigns, parsed.query)
  const summary = { campaigns: campaigns.length, bids: 0, imps: 0, clicks: 0 }
  for (const c of campaigns) {
    summary.bids += c.bids
    summary.imps += c.imps
    summary.clicks += c.clicks
  }
  const { search, sort, order, limit } = parsed.query
  const body: CampaignListResponse = {
    items: page.items,
    total: page.total,
    next_cursor: page.nextCursor,
    search,
    sort,
    order,
    limit,
    summary,
    as_of: new Date(readAt).toISOString(),
  }
  return json(200, body, { 'cache-control': 'no-store' })
}
