import type { Auction, Bid, NexmarkEvent, Person } from './model.js'

/** Options of {@link generateNexmarkEvents}. */
export interface NexmarkGeneratorOptions {
  /** Same seed, same events. */
  readonly seed: number
  readonly count: number
  /** Event time of the first event, epoch ms. @default 1_700_000_000_000 */
  readonly startTs?: number
  /** Mean gap between events, ms. @default 100 */
  readonly meanGapMs?: number
  /** Out-of-orderness: an event's time is up to this much before its place in the stream. @default 0 */
  readonly jitterMs?: number
  /** Fraction of bids that arrive far behind (`lateByMs` before their place). @default 0 */
  readonly lateFraction?: number
  /** @default 60_000 */
  readonly lateByMs?: number
}

/** mulberry32: a small, seeded PRNG (no dependency needed for test data). */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const CITIES = [
  ['Phoenix', 'AZ'],
  ['Boise', 'ID'],
  ['Portland', 'OR'],
  ['San Francisco', 'CA'],
  ['Seattle', 'WA'],
] as const
const CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'] as const

/**
 * A seeded Nexmark-style stream in the benchmark's proportions (1 person : 3 auctions : 46 bids),
 * in stream order. Bids go to recent auctions more often (hot items) and come from recent persons;
 * prices are skewed low with a long tail.
 *
 * @example
 * const events = generateNexmarkEvents({ seed: 7, count: 1_000, jitterMs: 500 })
 */
export function generateNexmarkEvents(options: NexmarkGeneratorOptions): NexmarkEvent[] {
  const rand = random(options.seed)
  const int = (n: number) => Math.floor(rand() * n)
  const { count, meanGapMs = 100, jitterMs = 0, lateFraction = 0, lateByMs = 60_000 } = options
  let clock = options.startTs ?? 1_700_000_000_000
  const events: NexmarkEvent[] = []
  let persons = 0
  let auctions = 0
  for (let i = 0; i < count; i++) {
    clock += 1 + int(2 * meanGapMs)
    const ts = clock - int(jitterMs + 1)
    const slot = i % 50
    if (slot === 0 || persons === 0) {
      const [city, state] = CITIES[int(CITIES.length)]!
      events.push({ type: 'person', id: ++persons, name: `person-${persons}`, city, state, ts } satisfies Person)
    } else if (slot <= 3 || auctions === 0) {
      events.push({
        type: 'auction',
        id: ++auctions,
        seller: 1 + int(persons),
        category: 10 + int(5),
        initialBid: 1 + int(100),
        expires: ts + 10_000 + int(50_000),
        ts,
      } satisfies Auction)
    } else {
      // Recent auctions get most bids: the newest few are the hot items.
      const auction = Math.max(1, auctions - Math.floor(auctions * rand() ** 3))
      const late = rand() < lateFraction
      const price = 1 + Math.floor(1_000 * rand() ** 4)
      events.push({
        type: 'bid',
        auction,
        bidder: 1 + int(persons),
        price,
        channel: CHANNELS[int(CHANNELS.length)]!,
        ts: late ? ts - lateByMs : ts,
      } satisfies Bid)
    }
  }
  return events
}
