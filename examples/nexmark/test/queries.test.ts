// The Nexmark examples run through the Lambda adapter, cut into Lambda windows and batches at
// random, against brute-force answers over the same generated events.
import t from 'tap'
import fc from 'fast-check'
import { generateNexmarkEvents } from '../generateNexmarkEvents.js'
import { q5Oracle, q7Oracle, q8Oracle, q11Oracle } from '../oracles.js'
import q5, { hottestAuctions } from '../q5.js'
import q7 from '../q7.js'
import q8, { NEW_SELLER_MS } from '../q8.js'
import q11 from '../q11.js'
import { driveWindows, mergedValues } from './driveWindows.js'

const settings = { bound: 1_000, lateness: 5_000 }
const cutsArb = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 50, maxLength: 50 })
const runArb = fc.record({ seed: fc.integer({ min: 0, max: 1_000_000 }), cuts: cutsArb, twice: fc.boolean() })
const sorted = <V>(m: Map<string, V>) => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : 1)))

t.test('the generator is seeded: the same seed gives the same events, in Nexmark proportions', async (t) => {
  const a = generateNexmarkEvents({ seed: 3, count: 500 })
  t.same(a, generateNexmarkEvents({ seed: 3, count: 500 }))
  t.not(JSON.stringify(a), JSON.stringify(generateNexmarkEvents({ seed: 4, count: 500 })))
  t.same(
    ['person', 'auction', 'bid'].map((type) => a.filter((e) => e.type === type).length),
    [10, 30, 460],
  )
})

t.test('q5: bids per auction per sliding window equal the oracle, late bids included', async () => {
  fc.assert(
    fc.property(runArb, ({ seed, cuts, twice }) => {
      const events = generateNexmarkEvents({ seed, count: 400, jitterMs: 800, lateFraction: 0.03, lateByMs: 9_000 })
      const got = driveWindows(q5, events, cuts, twice)
      return sorted(mergedValues(q5, got.partials)) === sorted(q5Oracle(events, settings))
    }),
    { numRuns: 40 },
  )
})

t.test('q5: the hottest auction per window is picked at read time', async (t) => {
  const rows = [
    { auction: 1, start: 0, bids: 3 },
    { auction: 2, start: 0, bids: 5 },
    { auction: 3, start: 0, bids: 5 },
    { auction: 1, start: 2_000, bids: 1 },
  ]
  t.same(
    [...hottestAuctions(rows)],
    [
      [0, { auctions: [2, 3], bids: 5 }],
      [2_000, { auctions: [1], bids: 1 }],
    ],
  )
})

t.test('q7: the highest bids per tumbling window equal the oracle', async () => {
  fc.assert(
    fc.property(runArb, ({ seed, cuts, twice }) => {
      const events = generateNexmarkEvents({ seed, count: 400, jitterMs: 800, lateFraction: 0.03, lateByMs: 9_000 })
      const got = driveWindows(q7, events, cuts, twice)
      return sorted(mergedValues(q7, got.partials)) === sorted(q7Oracle(events, settings))
    }),
    { numRuns: 40 },
  )
})

t.test('q8: auctions per new seller per window, an interval join keyed by the person, equal the oracle', async (t) => {
  // Producers key persons by id and auctions by seller: the join's key is the partition key.
  const bySeller = (value: unknown) => {
    const e = value as { type?: string; id?: number; seller?: number }
    return String(e.type === 'person' ? e.id : e.type === 'auction' ? e.seller : 'k')
  }
  let joined = 0
  fc.assert(
    fc.property(runArb, ({ seed, cuts, twice }) => {
      // Disorder within the watermark's bound: no event is late, so the oracle needs no watermark.
      const events = generateNexmarkEvents({ seed, count: 600, jitterMs: 800 })
      const got = driveWindows(q8, events, cuts, twice, bySeller)
      const expected = q8Oracle(events, NEW_SELLER_MS)
      joined += expected.size
      return got.deadLetters === 0 && sorted(mergedValues(q8, got.partials)) === sorted(expected)
    }),
    { numRuns: 30 },
  )
  t.ok(joined > 0, `the runs joined persons to auctions (${joined} windows)`)
})

t.test('q11: bids per bidder per session equal the oracle, sessions open across Lambda windows', async () => {
  fc.assert(
    fc.property(runArb, ({ seed, cuts, twice }) => {
      const events = generateNexmarkEvents({ seed, count: 300, meanGapMs: 300, jitterMs: 800 })
      // A heartbeat far ahead closes the sessions still open at the end.
      const got = driveWindows(q11, [...events, { type: 'heartbeat', ts: events.at(-1)!.ts + 60_000 }], cuts, twice)
      const results = new Map(got.emitted.map((r) => [`${String(r.key)}|${r.window.start}|${r.window.end}`, r.value]))
      return got.late.length === 0 && results.size === got.emitted.length && sorted(results) === sorted(q11Oracle(events))
    }),
    { numRuns: 30 },
  )
})

t.test('a record that is not a Nexmark event is a dead letter, not a failed batch', async (t) => {
  const got = driveWindows(q7, [{ type: 'bid', auction: 1, bidder: 1, price: 'high', ts: 1 }, { type: 'refund' }], [2])
  t.equal(got.deadLetters, 2)
  t.same(got.partials, [])
})
