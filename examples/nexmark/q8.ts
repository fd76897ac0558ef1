import { count, defineWindowJob, tumblingWindows, type ParseResult } from '@sdp/aggregation-engine'
import type { Auction, Person } from './model.js'

const isInt = (v: unknown): v is number => Number.isSafeInteger(v)

const text = (v: unknown): string => (typeof v === 'string' ? v : '')
const intOr0 = (v: unknown): number => (isInt(v) ? v : 0)

/** Persons and auctions of a stream of Nexmark events; bids and the platform's heartbeats move time only. */
export function parsePersonOrAuction(value: unknown): ParseResult<Person | Auction> {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if (!isInt(v.ts)) return { kind: 'invalid', reason: `ts must be an integer, got ${JSON.stringify(v.ts)}` }
  const ts = v.ts
  if (v.type === 'heartbeat' || v.type === 'bid') return { kind: 'heartbeat', ts }
  if (v.type === 'person' && isInt(v.id))
    return { kind: 'event', event: { type: 'person', id: v.id, name: text(v.name), city: text(v.city), state: text(v.state), ts } }
  if (v.type === 'auction' && isInt(v.id) && isInt(v.seller)) {
    return {
      kind: 'event',
      event: { type: 'auction', id: v.id, seller: v.seller, category: intOr0(v.category), initialBid: intOr0(v.initialBid), expires: intOr0(v.expires), ts },
    }
  }
  return { kind: 'invalid', reason: `expected a person (id), an auction (id, seller), a bid or a heartbeat, got ${JSON.stringify(value)}` }
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
