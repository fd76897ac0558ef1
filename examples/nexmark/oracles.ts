import type { NexmarkEvent } from './model.js'
import type { HighestBids } from './q7.js'

/**
 * Brute-force answers of q5, q7 and q11 over a whole list of events, by Flink's rules: the
 * watermark after each event is `max ts - bound - 1`; a bid is dropped from a window once
 * `end - 1 + lateness <= watermark` when it arrives. Row keys: `<key>|<start>|<end>`.
 */
export interface OracleSettings {
  readonly bound: number
  readonly lateness: number
}

/** Windows of `size` every `slide` that hold `ts` (tumbling when `slide === size`). */
function windowsOf(ts: number, size: number, slide: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = []
  for (let start = ts - (((ts % slide) + slide) % slide); start > ts - size; start -= slide) out.push({ start, end: start + size })
  return out
}

/** Each bid with the fixed windows it still counts in (by the watermark when it arrives). */
function* liveBids(events: readonly NexmarkEvent[], size: number, slide: number, { bound, lateness }: OracleSettings) {
  let watermark = Number.MIN_SAFE_INTEGER
  for (const e of events) {
    if (e.type === 'bid') {
      const live = windowsOf(e.ts, size, slide).filter((w) => w.end - 1 + lateness > watermark)
      yield { bid: e, windows: live }
    }
    watermark = Math.max(watermark, e.ts - bound - 1)
  }
}

/** q5: bids per (auction, sliding window of 10 s every 2 s). */
export function q5Oracle(events: readonly NexmarkEvent[], settings: OracleSettings): Map<string, number> {
  const counts = new Map<string, number>()
  for (const { bid, windows } of liveBids(events, 10_000, 2_000, settings)) {
    for (const w of windows) {
      const k = `${bid.auction}|${w.start}|${w.end}`
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
  }
  return counts
}

/** q7: the highest price per tumbling window of 10 s and the bids at it. */
export function q7Oracle(events: readonly NexmarkEvent[], settings: OracleSettings): Map<string, HighestBids> {
  const all = new Map<string, Array<{ auction: number; bidder: number; ts: number; price: number }>>()
  for (const { bid, windows } of liveBids(events, 10_000, 10_000, settings)) {
    for (const w of windows) {
      const k = `all|${w.start}|${w.end}`
      all.set(k, [...(all.get(k) ?? []), bid])
    }
  }
  const out = new Map<string, HighestBids>()
  for (const [k, bids] of all) {
    const price = Math.max(...bids.map((b) => b.price))
    const top = bids.filter((b) => b.price === price).map(({ auction, bidder, ts }) => ({ auction, bidder, ts }))
    out.set(k, { price, bids: top.sort((a, b) => a.ts - b.ts || a.auction - b.auction || a.bidder - b.bidder) })
  }
  return out
}

/**
 * q11: bids per (bidder, session with a 10 s gap), for a stream in which no bid is late (each
 * arrives ahead of the watermark): a bidder's session ends where the next bid comes 10 s or more
 * after the session's last.
 */
export function q11Oracle(events: readonly NexmarkEvent[]): Map<string, number> {
  const byBidder = new Map<number, number[]>()
  for (const e of events) if (e.type === 'bid') byBidder.set(e.bidder, [...(byBidder.get(e.bidder) ?? []), e.ts])
  const out = new Map<string, number>()
  for (const [bidder, times] of byBidder) {
    times.sort((a, b) => a - b)
    let start = times[0]!
    let last = start
    let n = 0
    for (const ts of times) {
      if (ts >= last + 10_000) {
        out.set(`${bidder}|${start}|${last + 10_000}`, n)
        start = ts
        n = 0
      }
      last = ts
      n++
    }
    out.set(`${bidder}|${start}|${last + 10_000}`, n)
  }
  return out
}

/**
 * q8: per (person, tumbling window of 10 s) the auctions the person opened within `withinMs` of
 * registering, counted in the window of the auction's time — for streams without late events.
 */
export function q8Oracle(events: readonly NexmarkEvent[], withinMs: number): Map<string, number> {
  const registered = new Map<number, number>()
  for (const e of events) if (e.type === 'person') registered.set(e.id, e.ts)
  const counts = new Map<string, number>()
  for (const e of events) {
    const since = e.type === 'auction' ? registered.get(e.seller) : undefined
    if (e.type !== 'auction' || since === undefined || e.ts < since || e.ts - since > withinMs) continue
    const start = e.ts - (((e.ts % 10_000) + 10_000) % 10_000)
    const k = `${e.seller}|${start}|${start + 10_000}`
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return counts
}
