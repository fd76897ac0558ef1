import { count, defineWindowJob, slidingWindows } from '@sdp/aggregation-engine'
import { parseBid } from './model.js'

/**
 * Nexmark q5, hot items: bids per auction in sliding windows of 10 s every 2 s (the benchmark's
 * shorter variant of "the last hour, every minute"). Fixed windows leave as partials; the hottest
 * auction of a window — the `num >= ALL` of the query — is picked when reading (`hottestAuctions`).
 */
const q5 = defineWindowJob({
  name: 'nexmark-q5',
  version: 1,
  parse: parseBid,
  timestamp: (bid) => bid.ts,
  watermark: { bound: 1_000 },
  key: (bid) => bid.auction,
  assigner: slidingWindows({ size: 10_000, slide: 2_000 }),
  aggregate: count(),
  allowedLateness: 5_000,
})
export default q5

/** The auctions with the most bids per window start, from (auction, window start, bids) rows. */
export function hottestAuctions(
  rows: Iterable<{ readonly auction: number; readonly start: number; readonly bids: number }>,
): Map<number, { auctions: number[]; bids: number }> {
  const hottest = new Map<number, { auctions: number[]; bids: number }>()
  for (const { auction, start, bids } of rows) {
    const best = hottest.get(start)
    if (best === undefined || bids > best.bids) hottest.set(start, { auctions: [auction], bids })
    else if (bids === best.bids) best.auctions = [...best.auctions, auction].sort((a, b) => a - b)
  }
  return hottest
}
