/**
 * Random interval-join scenarios and the nested-loop reference they are checked against
 * (shared by the join's property tests; not a test file itself).
 */
import fc from 'fast-check'
import type { Key } from '../../src/types.js'
import type { IntervalJoinOptions } from '../../src/joins/intervalJoin.js'

/** A test element: unique id, key and timestamp (JSON-safe, as elements must be). */
export interface El {
  readonly id: string
  readonly k: Key
  readonly ts: number
}

export type Op = { readonly kind: 'left' | 'right'; readonly el: El } | { readonly kind: 'wm'; readonly wm: number }

export interface Bounds {
  readonly lowerBound: number
  readonly upperBound: number
  readonly lowerInclusive: boolean
  readonly upperInclusive: boolean
}

/** Join bounds for timestamps in `[0, span]`: either sign, inclusive or not, never an empty interval. */
export const bounds = (span: number): fc.Arbitrary<Bounds> =>
  fc
    .record({
      lowerBound: fc.integer({ min: -Math.ceil(span / 2), max: Math.ceil(span / 2) }),
      width: fc.integer({ min: 0, max: Math.ceil((span * 2) / 3) }),
      lowerInclusive: fc.boolean(),
      upperInclusive: fc.boolean(),
    })
    .map(({ lowerBound, width, lowerInclusive, upperInclusive }) => ({
      lowerBound,
      // An exclusive bound needs a non-empty interval.
      upperBound: lowerBound + (width === 0 && !(lowerInclusive && upperInclusive) ? 1 : width),
      lowerInclusive,
      upperInclusive,
    }))

const key = fc.constantFrom<Key>('a', 'b', 1)

/** Arrivals with timestamps in `[0, span]` and (not necessarily increasing) watermarks; elements get unique ids. */
export const ops = (span: number): fc.Arbitrary<Op[]> => {
  const ts = fc.integer({ min: 0, max: span })
  const raw = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('left' as const), k: key, ts }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('right' as const), k: key, ts }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('wm' as const), wm: fc.integer({ min: -5, max: span + 10 }) }) },
  )
  return fc
    .array(raw, { maxLength: 40, size: 'large' })
    .map((list) => list.map((o, i): Op => (o.kind === 'wm' ? o : { kind: o.kind, el: { id: `${o.kind[0]}${i}`, k: o.k, ts: o.ts } })))
}

/**
 * Bounds and a sequence over a narrow span (so elements often sit exactly on an interval edge or
 * the watermark) or a wide one (so state builds up and expires gradually).
 */
export const scenario: fc.Arbitrary<[Bounds, Op[]]> = fc.constantFrom(6, 30).chain((span) => fc.tuple(bounds(span), ops(span)))

export function joinOptions(b: Bounds, outer: 'inner' | 'left' = 'inner'): IntervalJoinOptions<El, El> {
  return { ...b, outer, leftKey: (e) => e.k, rightKey: (e) => e.k, leftTimestamp: (e) => e.ts, rightTimestamp: (e) => e.ts }
}

export function inRange(b: Bounds, l: number, r: number): boolean {
  const lo = l + b.lowerBound
  const hi = l + b.upperBound
  return (b.lowerInclusive ? r >= lo : r > lo) && (b.upperInclusive ? r <= hi : r < hi)
}

/** What a correct join must produce for `ops`, by brute force. */
export interface Reference {
  readonly pairs: string[]
  readonly unmatched: string[]
  readonly lateLeft: string[]
  readonly lateRight: string[]
}

export function reference(b: Bounds, sequence: readonly Op[]): Reference {
  let wm = -Infinity
  const lefts: El[] = []
  const rights: El[] = []
  const lateLeft: string[] = []
  const lateRight: string[] = []
  for (const op of sequence) {
    if (op.kind === 'wm') wm = Math.max(wm, op.wm)
    else if (op.el.ts < wm) (op.kind === 'left' ? lateLeft : lateRight).push(op.el.id)
    else (op.kind === 'left' ? lefts : rights).push(op.el)
  }
  const pairs: string[] = []
  const unmatched: string[] = []
  for (const l of lefts) {
    const partners = rights.filter((r) => r.k === l.k && inRange(b, l.ts, r.ts))
    for (const r of partners) pairs.push(`${l.id}|${r.id}`)
    if (partners.length === 0) unmatched.push(l.id)
  }
  return { pairs: pairs.sort(), unmatched: unmatched.sort(), lateLeft, lateRight }
}
