import { defineWindowJob, tumblingWindows, type AggregateFunction } from '@sdp/aggregation-engine'
import { parseBid, type Bid } from './model.js'

/** The highest price of a window and every bid that offered it, sorted (one order whatever the merge order). */
export interface HighestBids {
  readonly price: number
  readonly bids: ReadonlyArray<{ readonly auction: number; readonly bidder: number; readonly ts: number }>
}

type Top = HighestBids | null

const byBid = (a: HighestBids['bids'][number], b: HighestBids['bids'][number]) => a.ts - b.ts || a.auction - b.auction || a.bidder - b.bidder

/** Keeps the highest price and the bids at it; mergeable, so partials of any flushes combine exactly. */
export const highestBids: AggregateFunction<Bid, Top, Top> = {
  createAccumulator: () => null,
  add: (bid, top) => highestBids.merge(top, { price: bid.price, bids: [{ auction: bid.auction, bidder: bid.bidder, ts: bid.ts }] }),
  merge: (a, b) => {
    if (a === null || b === null) return a ?? b
    if (a.price !== b.price) return a.price > b.price ? a : b
    return { price: a.price, bids: [...a.bids, ...b.bids].sort(byBid) }
  },
  getResult: (top) => top,
}

/**
 * Nexmark q7, highest bid: per tumbling window of 10 s, the bids with the highest price. Keyed by
 * one constant key, as the query is global per window (its `MAX(price) ... GROUP BY window`); the
 * join back to the bids is folded into the aggregate, which keeps the bids at the maximum.
 */
const q7 = defineWindowJob({
  name: 'nexmark-q7',
  version: 1,
  parse: parseBid,
  timestamp: (bid) => bid.ts,
  watermark: { bound: 1_000 },
  key: () => 'all',
  assigner: tumblingWindows({ size: 10_000 }),
  aggregate: highestBids,
  allowedLateness: 5_000,
})
export default q7
