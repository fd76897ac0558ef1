import { count, defineWindowJob, sessionWindows } from '@sdp/aggregation-engine'
import { parseBid } from './model.js'

/**
 * Nexmark q11, user sessions: how many bids each bidder made per session, a session ending after
 * 10 s without a bid. Sessions stay open across Lambda windows and leave as emitted results. A
 * session is per shard: on a stream of several shards, use the bidder as partition key.
 */
const q11 = defineWindowJob({
  name: 'nexmark-q11',
  version: 1,
  parse: parseBid,
  timestamp: (bid) => bid.ts,
  watermark: { bound: 1_000 },
  key: (bid) => bid.bidder,
  assigner: sessionWindows({ gap: 10_000 }),
  aggregate: count(),
})
export default q11
