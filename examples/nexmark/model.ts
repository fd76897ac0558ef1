import type { ParseResult } from '@sdp/aggregation-engine'

/**
 * The Nexmark auction model (persons open auctions, bid on them), as JSON events with a `type`
 * and an event time `ts` in epoch ms — the Nexmark benchmark's `dateTime`.
 */
export interface Person {
  readonly type: 'person'
  readonly id: number
  readonly name: string
  readonly city: string
  readonly state: string
  readonly ts: number
}
export interface Auction {
  readonly type: 'auction'
  readonly id: number
  readonly seller: number
  readonly category: number
  readonly initialBid: number
  readonly expires: number
  readonly ts: number
}
export interface Bid {
  readonly type: 'bid'
  readonly auction: number
  readonly bidder: number
  readonly price: number
  readonly channel: string
  readonly ts: number
}
export type NexmarkEvent = Person | Auction | Bid

const isInt = (v: unknown): v is number => Number.isSafeInteger(v)

/**
 * The bids of a stream of Nexmark events: persons and auctions are skipped as heartbeats of their
 * own time (they move the watermark, count nowhere); the platform's `{type: 'heartbeat', ts}`
 * records too; anything else is refused with the reason.
 */
export function parseBid(value: unknown): ParseResult<Bid> {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if ((v.type === 'heartbeat' || v.type === 'person' || v.type === 'auction') && isInt(v.ts)) return { kind: 'heartbeat', ts: v.ts }
  if (v.type !== 'bid') return { kind: 'invalid', reason: `type must be bid, person, auction or heartbeat, got ${JSON.stringify(v.type)}` }
  for (const field of ['auction', 'bidder', 'price', 'ts'] as const) {
    if (!isInt(v[field])) return { kind: 'invalid', reason: `${field} must be an integer, got ${JSON.stringify(v[field])}` }
  }
  return {
    kind: 'event',
    event: {
      type: 'bid',
      auction: v.auction as number,
      bidder: v.bidder as number,
      price: v.price as number,
      channel: typeof v.channel === 'string' ? v.channel : '',
      ts: v.ts as number,
    },
  }
}
