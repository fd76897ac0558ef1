import t from 'tap'
import fc from 'fast-check'
import { deepStrictEqual } from 'node:assert/strict'
import { applyPing, applyTouch, readWalkInEntry, type WalkInEntry } from '../../src/walkins/walkInIndex.js'

const bounds = { timeoutMs: 60_000, disorderMs: 600_000 }

type Arrival = { kind: 'ping'; ts: number } | { kind: 'imp' | 'click'; ts: number; campaign: number; txId: string }

/** Runs the arrivals through the index; returns the walk-ins as sorted `kind:txId` strings. */
function run(arrivals: readonly Arrival[]): string[] {
  let entry: WalkInEntry | undefined
  const out: string[] = []
  for (const a of arrivals) {
    const r = a.kind === 'ping' ? applyPing(entry, a.ts, bounds) : applyTouch(entry, a.kind, a.ts, a.campaign, a.txId, bounds)
    // Through JSON, as the state backend stores it.
    entry = readWalkInEntry(JSON.parse(JSON.stringify(r.entry)))
    for (const w of r.walkIns) out.push(`${w.kind}:${w.txId}:${w.campaign}:${w.ts}`)
  }
  return out.sort()
}

/** The brute-force interval join: each impression or click with a ping within ± the timeout, once. */
function bruteForce(arrivals: readonly Arrival[]): string[] {
  const pings = arrivals.filter((a) => a.kind === 'ping').map((a) => a.ts)
  return arrivals
    .flatMap((a) => (a.kind !== 'ping' && pings.some((p) => Math.abs(p - a.ts) <= bounds.timeoutMs) ? [`${a.kind}:${a.txId}:${a.campaign}:${a.ts}`] : []))
    .sort()
}

const arrivals = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant('ping' as const), ts: fc.integer({ min: 0, max: 600_000 }) }),
      fc.record({
        kind: fc.constantFrom('imp' as const, 'click' as const),
        ts: fc.integer({ min: 0, max: 600_000 }),
        campaign: fc.integer({ min: 1, max: 3 }),
      }),
    ),
    { maxLength: 30 },
  )
  .map((list) => list.map((a, i): Arrival => (a.kind === 'ping' ? a : { ...a, txId: `tx-${i}` })))

t.test('walk-ins equal the brute-force interval join in any arrival order within the disorder', async () => {
  fc.assert(
    fc.property(arrivals, fc.infiniteStream(fc.nat()), (list, order) => {
      const shuffled = [...list]
      const it = order[Symbol.iterator]()
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = (it.next().value as number) % (i + 1)
        ;[shuffled[i], shuffled[j]] = [shuffled[j] as Arrival, shuffled[i] as Arrival]
      }
      deepStrictEqual(run(shuffled), bruteForce(list))
      deepStrictEqual(run(list), bruteForce(list))
    }),
  )
})

t.test('an impression counts once however many pings match it, and the bound is inclusive', async (t) => {
  const imp: Arrival = { kind: 'imp', ts: 100_000, campaign: 7, txId: 't1' }
  t.same(run([imp, { kind: 'ping', ts: 160_000 }, { kind: 'ping', ts: 40_000 }, { kind: 'ping', ts: 100_000 }]), ['imp:t1:7:100000'])
  t.same(run([{ kind: 'ping', ts: 160_001 }, imp]), [], 'one millisecond past the timeout')
  t.same(
    run([
      { kind: 'ping', ts: 40_000 },
      { kind: 'click', ts: 100_000, campaign: 7, txId: 't1' },
    ]),
    ['click:t1:7:100000'],
  )
})

t.test('what no event within the disorder can match is dropped from the entry', async (t) => {
  let entry = applyTouch(undefined, 'imp', 0, 1, 'old', bounds).entry
  entry = applyPing(entry, 0 + bounds.timeoutMs + bounds.disorderMs + 120_001, bounds).entry
  t.same(entry[1], [], 'the old impression can no longer join')
  t.same(entry[0], [bounds.timeoutMs + bounds.disorderMs + 120_001])
})

t.test('a malformed stored entry reads as none', async (t) => {
  t.equal(readWalkInEntry([[], [], []]), undefined)
  t.equal(readWalkInEntry([['x'], [], [], 1]), undefined)
  t.equal(readWalkInEntry([[], [[1, 2]], [], 1]), undefined)
  t.equal(readWalkInEntry({}), undefined)
  t.same(readWalkInEntry([[1], [[2, 3, 't']], [], 2]), [[1], [[2, 3, 't']], [], 2])
})
