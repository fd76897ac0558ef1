// The platform's public HTTP API, typed by the reporting workspace's own response types.
import type { CampaignListResponse, CampaignSortKey, MetricsResponse, SortOrder } from '../../src/reports/responses.js'
import type { DashboardPeriod } from '../../src/reports/chartSeries.js'

export type { CampaignListResponse, CampaignSortKey, CampaignSummary, MetricsResponse, ModelStatus, SortOrder } from '../../src/reports/responses.js'

/** `GET /reports/campaigns/{id}`. */
export interface CampaignTotals {
  readonly campaign_item_id: number
  readonly bids: number
  readonly imps: number
  readonly clicks: number
}

/** One row of `GET /reports/campaigns/{id}/period`. */
export interface PeriodRow extends CampaignTotals {
  readonly period: string
  readonly start: number
}

/** What the predictions endpoint said about a price sweep. */
export type PriceCurve =
  | { readonly status: 'ok'; readonly version: string | null; readonly prices: readonly number[]; readonly scores: readonly number[] }
  | { readonly status: 'no-model' | 'unavailable' | 'error'; readonly message: string }

/** A consumer's dead letters over the last minute, as the local platform's `GET /health` reports them. */
export interface ConsumerDeadLetterRate {
  readonly name: string
  readonly records: number
  readonly deadLetters: number
  readonly rate: number
}

/** A request the API refused or could not answer. */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** Query of the campaign list. */
export interface CampaignListRequest {
  readonly search: string
  readonly sort: CampaignSortKey
  readonly order: SortOrder
  readonly limit: number
  readonly cursor: string | null
}

/**
 * A client of the platform API at `base` (an absolute URL ending in `/`; the page's own directory
 * when the dashboard is served by the platform).
 */
export class PlatformApi {
  constructor(private readonly base: string) {}

  private url(path: string, query: Record<string, string | number | undefined> = {}): string {
    const url = new URL(path, this.base)
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, String(value))
    return url.toString()
  }

  private async get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    const response = await fetch(this.url(path, query), { headers: { accept: 'application/json' }, cache: 'no-store' })
    const text = await response.text()
    if (!response.ok) throw new ApiError(response.status, messageOf(text) ?? `${response.status} ${response.statusText}`)
    return JSON.parse(text) as T
  }

  campaigns(q: CampaignListRequest): Promise<CampaignListResponse> {
    return this.get('reports/campaigns', { search: q.search, sort: q.sort, order: q.order, limit: q.limit, cursor: q.cursor ?? undefined })
  }

  campaign(id: number): Promise<CampaignTotals> {
    return this.get(`reports/campaigns/${id}`)
  }

  periods(id: number, q: { period: DashboardPeriod; timezone: string; from: number | undefined }): Promise<{ rows: PeriodRow[] }> {
    return this.get(`reports/campaigns/${id}/period`, { period: q.period, timezone: q.timezone, from: q.from })
  }

  metrics(): Promise<MetricsResponse> {
    return this.get('reports/metrics')
  }

  /**
   * The dead-letter rate of each consumer over the last minute, from the local platform's
   * `GET /health`; null where the platform has none (on AWS, the alarm watches it) or it does not answer.
   */
  async deadLetterRates(): Promise<ConsumerDeadLetterRate[] | null> {
    try {
      const health = await this.get<{
        consumers?: Record<string, { recordsLastMinute?: number; deadLettersLastMinute?: number; deadLetterRateLastMinute?: number }>
      }>('health')
      return Object.entries(health.consumers ?? {}).flatMap(([name, c]) =>
        typeof c.deadLetterRateLastMinute === 'number'
          ? [{ name, records: c.recordsLastMinute ?? 0, deadLetters: c.deadLettersLastMinute ?? 0, rate: c.deadLetterRateLastMinute }]
          : [],
      )
    } catch {
      return null
    }
  }

  /** Win probability of a bid of `campaign` at each of `prices` (other bid fields unknown). */
  async priceCurve(campaign: number, prices: readonly number[]): Promise<PriceCurve> {
    const bids = prices.map((winPrice) => ({ campaignItemId: campaign, domain: null, creativeId: null, creativeCategory: null, winPrice }))
    let response: Response
    try {
      response = await fetch(this.url('predictions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bids) })
    } catch (error) {
      return { status: 'error', message: `the predictions API could not be reached (${(error as Error).message})` }
    }
    const text = await response.text()
    if (response.status === 503) return { status: 'no-model', message: messageOf(text) ?? 'no model yet' }
    if (response.status === 404 || response.status === 403) return { status: 'unavailable', message: 'this platform serves no predictions API' }
    if (!response.ok) return { status: 'error', message: messageOf(text) ?? `${response.status} ${response.statusText}` }
    const body = JSON.parse(text) as { predictions?: Array<{ score?: number }> }
    const scores = (body.predictions ?? []).map((p) => (typeof p.score === 'number' ? p.score : NaN))
    return { status: 'ok', version: response.headers.get('x-model-version'), prices, scores }
  }
}

/** The human part of an error body: `message`, or `error` with the parameters it names. */
function messageOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: string; error?: string; errors?: Array<{ parameter?: string; field?: string; message?: string }> }
    const details = (body.errors ?? []).map((e) => `${e.parameter ?? e.field ?? '?'} ${e.message ?? ''}`.trim())
    const head = body.message ?? body.error
    return details.length > 0 ? `${head ?? 'invalid request'}: ${details.join('; ')}` : head
  } catch {
    return text.trim() === '' ? undefined : text.slice(0, 200)
  }
}
