// Browser-safe (type imports only): the dashboard (reporting/dashboard/) bundles this module.
import type { Json } from '@sdp/aggregation-engine'
import type { CampaignSummary } from './responses.js'

/** Counts of one campaign over some time: the Aggregation of the catalog without its keys. */
export interface Counts {
  bids: number
  imps: number
  clicks: number
  /** Impressions with a location ping of their `app_uid` within the locations session timeout. */
  walkins: number
  /** Clicks with such a ping. */
  walkin_clicks: number
}

export const zeroCounts = (): Counts => ({ bids: 0, imps: 0, clicks: 0, walkins: 0, walkin_clicks: 0 })

/** The rates of `c`, as the API names them: win rate `imps / bids` and CTR `clicks / imps`, null without a denominator. */
export function rates(c: Readonly<Pick<Counts, 'bids' | 'imps' | 'clicks'>>): Pick<CampaignSummary, 'win_rate' | 'ctr'> {
  return { win_rate: c.bids === 0 ? null : c.imps / c.bids, ctr: c.imps === 0 ? null : c.clicks / c.imps }
}

/**
 * Adds a stored `[bids, imps, clicks]` or `[bids, imps, clicks, walkins, walkin_clicks]`
 * accumulator into `into` (items stored before walk-ins were counted hold three); anything else
 * is ignored and reported false.
 */
export function addPartial(into: Counts, accumulator: Json): boolean {
  if (!Array.isArray(accumulator) || (accumulator.length !== 3 && accumulator.length !== 5) || !accumulator.every((n) => typeof n === 'number')) return false
  const [bids, imps, clicks, walkins = 0, walkinClicks = 0] = accumulator
  into.bids += bids as number
  into.imps += imps as number
  into.clicks += clicks as number
  into.walkins += walkins
  into.walkin_clicks += walkinClicks
  return true
}
