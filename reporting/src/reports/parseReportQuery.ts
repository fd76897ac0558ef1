import { parseISO } from 'date-fns'
import { PERIOD_UNITS, isTimeZone, type PeriodUnit } from './periodBuckets.js'
import { CAMPAIGN_ID_PATTERN } from './responses.js'

/** A validated period-report request. `from` inclusive, `to` exclusive, epoch ms. */
export interface ReportQuery {
  readonly campaignItemId: number
  readonly period: PeriodUnit
  readonly timezone: string
  readonly from: number
  readonly to: number
  readonly desc: boolean
}

/** One bad parameter and why. */
export interface ParameterError {
  readonly parameter: string
  readonly message: string
}

/** Parses a campaign id path parameter: a safe non-negative integer. */
export function parseCampaignId(raw: string | undefined): number | ParameterError {
  if (raw === undefined || !CAMPAIGN_ID_PATTERN.test(raw)) return { parameter: 'campaign_item_id', message: 'must be a non-negative integer' }
  return Number(raw)
}

/** An instant as ISO-8601 (with date, optional time and offset) or epoch milliseconds. */
function parseInstant(raw: string): number | undefined {
  if (/^-?\d+$/.test(raw)) {
    const n = Number(raw)
    return Number.isSafeInteger(n) ? n : undefined
  }
  const t = parseISO(raw).getTime()
  return Number.isNaN(t) ? undefined : t
}

/**
 * Validates the path and query of `GET /reports/campaigns/{campaign_item_id}/period`, naming every
 * bad parameter. Defaults: HOURS, UTC, all time, ascending.
 */
export function parseReportQuery(
  campaignRaw: string | undefined,
  params: Readonly<Record<string, string | undefined>>,
): { ok: true; query: ReportQuery } | { ok: false; errors: ParameterError[] } {
  const errors: ParameterError[] = []
  const campaign = parseCampaignId(campaignRaw)
  if (typeof campaign !== 'number') errors.push(campaign)
  const period = (params.period ?? 'HOURS').toUpperCase()
  if (!(PERIOD_UNITS as readonly string[]).includes(period)) errors.push({ parameter: 'period', message: `must be one of ${PERIOD_UNITS.join(', ')}` })
  const timezone = params.timezone ?? 'UTC'
  if (!isTimeZone(timezone)) errors.push({ parameter: 'timezone', message: 'must be an IANA time zone such as America/New_York' })
  const bound = (name: 'from' | 'to', fallback: number) => {
    const raw = params[name]
    if (raw === undefined || raw === '') return fallback
    const t = parseInstant(raw)
    if (t === undefined) errors.push({ parameter: name, message: 'must be an ISO-8601 date-time or epoch milliseconds' })
    return t ?? fallback
  }
  const from = bound('from', Number.MIN_SAFE_INTEGER)
  const to = bound('to', Number.MAX_SAFE_INTEGER)
  if (from > to) errors.push({ parameter: 'to', message: 'must not be before from' })
  const descRaw = params.desc ?? 'false'
  if (descRaw !== 'true' && descRaw !== 'false') errors.push({ parameter: 'desc', message: 'must be true or false' })
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, query: { campaignItemId: campaign as number, period: period as PeriodUnit, timezone, from, to, desc: descRaw === 'true' } }
}
