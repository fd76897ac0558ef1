import { defineWindowJob, max, tumblingWindows, type ParseResult } from '@sdp/aggregation-engine'

/** The platform's events as this job reads them (the stream carries the ingest's JSON). */
export type AdEvent =
  | { readonly type: 'bid'; readonly tx_id: string; readonly campaign_item_id: number; readonly ts: number }
  | { readonly type: 'imp'; readonly tx_id: string; readonly win_price: number; readonly ts: number }

/**
 * The highest win price per campaign per minute — Nexmark's q7 on the platform's own stream. An
 * impression carries only `tx_id` and `win_price`, so it is joined to its bid (the stream's
 * partition key is `tx_id`) within 5 minutes; clicks and heartbeats only move time.
 *
 * @example SDP_JOBS=./examples/adtech/maxWinPrice.ts npm start
 */
const maxWinPrice = defineWindowJob({
  name: 'adtech-max-win-price',
  version: 1,
  parse: (value): ParseResult<AdEvent> => {
    const v = value as Record<string, unknown>
    const ts = v.ts
    if (typeof ts !== 'number') return { kind: 'invalid', reason: 'ts must be a number' }
    if (v.type === 'bid' && typeof v.tx_id === 'string' && typeof v.campaign_item_id === 'number') {
      return { kind: 'event', event: { type: 'bid', tx_id: v.tx_id, campaign_item_id: v.campaign_item_id, ts } }
    }
    if (v.type === 'imp' && typeof v.tx_id === 'string' && typeof v.win_price === 'number') {
      return { kind: 'event', event: { type: 'imp', tx_id: v.tx_id, win_price: v.win_price, ts } }
    }
    return { kind: 'heartbeat', ts }
  },
  timestamp: (e: AdEvent) => e.ts,
  watermark: { bound: 5_000 },
  join: {
    side: (e) => (e.type === 'bid' ? 'left' : 'right'),
    key: (e) => e.tx_id,
    lowerBound: 0,
    upperBound: 300_000,
    select: (bid, imp) => ({ campaign: bid.type === 'bid' ? bid.campaign_item_id : 0, price: imp.type === 'imp' ? imp.win_price : 0 }),
  },
  key: (won) => won.campaign,
  assigner: tumblingWindows({ size: 60_000 }),
  aggregate: max((won: { price: number }) => won.price),
  allowedLateness: 3_600_000,
})
export default maxWinPrice
