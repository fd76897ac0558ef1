import type { BidFeatures } from './BidFeatures.js'

/**
 * The model's view of a stream bid (the catalog's snake_case fields): what is known when it was
 * placed. Takes nothing from an impression — there is no parameter for one.
 *
 * @example
 * bidFeaturesOf({ campaign_item_id: 1463517, domain: 'www.google.com' })
 * // { campaignItemId: 1463517, domain: 'www.google.com', creativeId: null, creativeCategory: null, winPrice: null }
 */
export function bidFeaturesOf(bid: {
  readonly campaign_item_id: number
  readonly domain?: string
  readonly creative_id?: string
  readonly creative_category?: string
  readonly win_price?: number
}): BidFeatures {
  return {
    campaignItemId: bid.campaign_item_id,
    domain: bid.domain ?? null,
    creativeId: bid.creative_id ?? null,
    creativeCategory: bid.creative_category ?? null,
    winPrice: bid.win_price ?? null,
  }
}
