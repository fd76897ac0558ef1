import { count, defineWindowJob, tumblingWindows, type ParseResult } from '@sdp/aggregation-engine'
import type { Auction, Person } from './model.js'

const isInt = (v: unknown): v is number => Number.isSafeInteger(v)

/** Persons and auctions of a stream of Nexmark events; bids and the platform's heartbeats move time only. */
export function parsePersonOrAuction(value: unknown): ParseResult<Person | Auction> {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if ((v.type === 'heartbeat' || v.type === 'bid') && isInt(v.ts)) return { kind: 'heartbeat', ts: v.ts }
  if (v.type === 'person' && isInt(v.id) && isInt(v.ts)) {
    return {
      kind: 'event',
      event: { type: 'person', id: v.id, name: String(v.name ?? ''), city: String(v.city ?? ''), state: String(v.state ?? ''), ts: v.ts },
    }
  }
  if (v.type === 'auction' && isInt(v.id) && isInt(v.seller) && isInt(v.ts)) {
    const { id, seller, ts } = v
    const [category, initialBid, expires] = [v.category, v.initialBid, v.expires].map((x) => (isInt(x) ? x : 0)) as [number, number, number]
    return { kind: 'event', event: { type: 'auction', id, seller, category, initialBid, expires, ts } }
  }
  return {
    kind: 'invalid',
    reason: `expected a person or an auction (id, ts; an auction's seller) or a bid or heartbeat with ts, got ${JSON.stringify(value)}`,
  }
}

/** A person and an auction they opened at most this long after registering join. */
export const NEW_SELLER_MS = 10_000

/**
 * Nexmark q8 in the style of an interval join, new sellers: per tumbling window of 10 s, how many
 * auctions each person opened within 10 s of registering. Persons join auctions by seller id, so
 * producers use the person's id (an auction's seller) as partition key; the joined pair counts in
 * the window of the auction's time.
 */
const q8 = defineWindowJob({
  name: 'nexmark-q8',
  version: 1,
  parse: parsePersonOrAuction,
  timestamp: (e) => e.ts,
  watermark: { bound: 1_000 },
  join: {
    side: (e) => (e.type === 'person' ? 'left' : 'right'),
    key: (e) => String(e.type === 'person' ? e.id : e.seller),
    lowerBound: 0,
    upperBound: NEW_SELLER_MS,
    select: (person, auction) => ({ person: person.type === 'person' ? person.id : 0, auction: auction.type === 'auction' ? auction.id : 0 }),
  },
  key: (pair) => pair.person,
  assigner: tumblingWindows({ size: 10_000 }),
  aggregate: count(),
  allowedLateness: 5_000,
})
export default q8
