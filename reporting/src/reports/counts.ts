// Browser-safe (type imports only): the dashboard (reporting/dashboard/) bundles this module.
import type { Json } from '@sdp/aggregation-engine'
import type { CampaignSummary } from './responses.js'

/** Counts of one campaign over some time: the Aggregation of the catalog without its keys. */
export interface Counts {
  bids: number
  imps: number
  clicks: number
}

export const zeroCounts = (): Counts => ({ bids: 0, imps: 0, clicks: 0 })

/** The rates of `c`, as the API names them: win rate `imps / bids` and CTR `clicks / imps`, null without a denominator. */
export function rates(c: Readonly<Counts>): Pick<CampaignSummary, 'win_rate' | 'ctr'> {
  return { win_rate: c.bids === 0 ? null : c.imps / c.bids, ctr: c.imps === 0 ? null : c.clicks / c.imps }
}

/** Adds a stored `[bids, imps, clicks]` partial accumulator into `into`; anything else is ignored and reported false. */
export function addPartial(into: Counts, accumulator: Json): boolean {
  if (!Array.isArray(accumulator) || accumulator.length !== 3 || !accumulator.every((n) => typeof n === 'number')) return false
  into.bids += accumulator[0] as number
  into.imps += accumulator[1] as number
  into.clicks += accumulator[2] as number
  return true
}
