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
    const list = event.path === '/reports/campaigns' && extras.campaigns
    const metrics = event.path === '/reports/metrics' && extras.metrics
    const match = /^\/reports\/campaigns\/([^/]*)(\/period)?\/?$/.exec(event.path)
    if (!match && !list && !metrics) return notFound(event)
    if (event.httpMethod !== 'GET') return json(405, { error: `${event.httpMethod} is not allowed here; use GET` }, { allow: 'GET' })
    if (list) return campaignList(list, event.queryStringParameters ?? {})
    if (metrics) {
      const names = Object.keys(event.queryStringParameters ?? {})
      if (names.length > 0) return invalid(names.map((parameter) => ({ parameter, message: 'is not a parameter of this endpoint (it takes none)' })))
      return json(200, await metrics.metrics(), { 'cache-control': 'no-store' })
    }
    const campaignRaw = event.pathParameters?.campaign_item_id ?? decodeURIComponent(match?.[1] ?? '')
    if (match?.[2]) {
      const parsed = parseReportQuery(campaignRaw, event.queryStringParameters ?? {})
      if (!parsed.ok) return invalid(parsed.errors)
      const rows = await reports.periods(parsed.query)
      const { campaignItemId, period, timezone, desc } = parsed.query
      return json(200, { campaign_item_id: campaignItemId, period, timezone, desc, rows })
    }
    const campaign = parseCampaignId(campaignRaw)
    if (typeof campaign !== 'number') return invalid([campaign])
    return json(200, await reports.totals(campaign))
  }
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
