import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { parseCampaignId, parseReportQuery, type ParameterError } from './parseReportQuery.js'
import type { ReportService } from './ReportService.js'

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})
const invalid = (errors: ParameterError[]) => json(400, { error: 'invalid request', errors })

/**
 * The reports API over API Gateway proxy events:
 * `GET /reports/campaigns/{campaign_item_id}` and `GET /reports/campaigns/{campaign_item_id}/period`.
 */
export function createReportsApi(reports: ReportService) {
  return async function reportsApi(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const match = /^\/reports\/campaigns\/([^/]*)(\/period)?\/?$/.exec(event.path)
    if (!match) return json(404, { error: `no route for ${event.httpMethod} ${event.path}` })
    if (event.httpMethod !== 'GET') return json(405, { error: `${event.httpMethod} is not allowed here; use GET` }, { allow: 'GET' })
    const campaignRaw = event.pathParameters?.campaign_item_id ?? decodeURIComponent(match[1] ?? '')
    if (match[2]) {
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
