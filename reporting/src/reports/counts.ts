import type { Json } from '@sdp/aggregation-engine'

/** Counts of one campaign over some time: the Aggregation of the catalog without its keys. */
export interface Counts {
  bids: number
  imps: number
  clicks: number
}

export const zeroCounts = (): Counts => ({ bids: 0, imps: 0, clicks: 0 })

/** Adds a stored `[bids, imps, clicks]` partial accumulator into `into`; anything else is ignored and reported false. */
export function addPartial(into: Counts, accumulator: Json): boolean {
  if (!Array.isArray(accumulator) || accumulator.length !== 3 || !accumulator.every((n) => typeof n === 'number')) return false
  into.bids += accumulator[0] as number
  into.imps += accumulator[1] as number
  into.clicks += accumulator[2] as number
  return true
}
