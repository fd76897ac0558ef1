/**
 * The compact, JSON-safe forms in which bids and impressions wait in the join's external state.
 * A waiting bid keeps exactly the fields the model may use; a waiting impression keeps only its
 * key and time — its clearing price is dropped at the door, so it cannot leak into a feature.
 */
import type { BidFeatures } from '../features/BidFeatures.js'

/** `[tx_id, ts, campaign_item_id, domain, creative_id, creative_category, win_price]`, unknowns as null. */
export type BidElement = [string, number, number, string | null, string | null, string | null, number | null]

/** `[tx_id, ts]`. */
export type ImpressionElement = [string, number]

/** The join's per-key state with these elements: the engine's `IntervalJoinKeyState<BidElement, ImpressionElement>`, JSON-safe. */
export interface JoinEntry {
  l: Array<[number, 0 | 1, BidElement]>
  r: Array<[number, ImpressionElement]>
}

/** A stream bid as it waits in the join: only the fields the model may use. */
export function toBidElement(bid: {
  readonly tx_id: string
  readonly ts: number
  readonly campaign_item_id: number
  readonly domain?: string
  readonly creative_id?: string
  readonly creative_category?: string
  readonly win_price?: number
}): BidElement {
  return [bid.tx_id, bid.ts, bid.campaign_item_id, bid.domain ?? null, bid.creative_id ?? null, bid.creative_category ?? null, bid.win_price ?? null]
}

/** A stream impression as it waits in the join: key and time, nothing else (no price). */
export const toImpressionElement = (imp: { readonly tx_id: string; readonly ts: number }): ImpressionElement => [imp.tx_id, imp.ts]

/** The model's view of a waiting bid. */
export function featuresOfElement(e: BidElement): BidFeatures {
  return { campaignItemId: e[2], domain: e[3], creativeId: e[4], creativeCategory: e[5], winPrice: e[6] }
}

/** A deep copy of a join entry (elements are flat tuples), far cheaper than structuredClone. */
export function copyJoinEntry(s: JoinEntry): JoinEntry {
  return { l: s.l.map((e) => [e[0], e[1], [...e[2]] as BidElement]), r: s.r.map((e) => [e[0], [e[1][0], e[1][1]]]) }
}
