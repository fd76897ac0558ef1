/**
 * Pure operations on one key's interval-join state. Every comparison is written with the same
 * expressions (`l.ts + lower`, `l.ts + upper`, `r.ts - lower`) so matching, searching and
 * cleanup agree exactly; timestamps and bounds are integers, so the arithmetic is exact.
 */
import type { IntervalJoinKeyState, LeftEntry, RightEntry } from '../IntervalJoinKeyState.js'

/** The join interval: a right `r` matches a left `l` when `l.ts + lower ≤ r.ts ≤ l.ts + upper` (or `<` where exclusive). */
export interface Bounds {
  readonly lower: number
  readonly upper: number
  readonly lowerInclusive: boolean
  readonly upperInclusive: boolean
}

export function matches(b: Bounds, leftTs: number, rightTs: number): boolean {
  const lo = leftTs + b.lower
  const hi = leftTs + b.upper
  return (b.lowerInclusive ? rightTs >= lo : rightTs > lo) && (b.upperInclusive ? rightTs <= hi : rightTs < hi)
}

/** A left element is dropped once `watermark > leftCleanup`: no right element that is not late can reach it. */
export const leftCleanup = (b: Bounds, ts: number): number => ts + b.upper
/** A right element is dropped once `watermark > rightCleanup`: no left element that is not late can reach it. */
export const rightCleanup = (b: Bounds, ts: number): number => ts - b.lower

/** Index of the first entry for which `before(ts)` is false; `before` must be true on a prefix. */
function firstNot(entries: ReadonlyArray<readonly [number, ...unknown[]]>, before: (ts: number) => boolean): number {
  let lo = 0
  let hi = entries.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before((entries[mid] as readonly [number, ...unknown[]])[0])) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The buffered right entries that match a left element at `leftTs`. */
export function rightsMatching<L, R>(b: Bounds, state: IntervalJoinKeyState<L, R>, leftTs: number): RightEntry<R>[] {
  const found: RightEntry<R>[] = []
  for (let i = firstNot(state.r, (ts) => ts < leftTs + b.lower); i < state.r.length; i++) {
    const entry = state.r[i] as RightEntry<R>
    if (entry[0] > leftTs + b.upper) break
    if (matches(b, leftTs, entry[0])) found.push(entry)
  }
  return found
}

/** The buffered left entries that match a right element at `rightTs`. */
export function leftsMatching<L, R>(b: Bounds, state: IntervalJoinKeyState<L, R>, rightTs: number): LeftEntry<L>[] {
  const found: LeftEntry<L>[] = []
  for (let i = firstNot(state.l, (ts) => ts + b.upper < rightTs); i < state.l.length; i++) {
    const entry = state.l[i] as LeftEntry<L>
    if (entry[0] + b.lower > rightTs) break
    if (matches(b, entry[0], rightTs)) found.push(entry)
  }
  return found
}

/** Inserts keeping the canonical order: by timestamp, then by the element's JSON text. */
export function insertSorted<E extends [number, ...unknown[]]>(entries: E[], entry: E, elementAt: number): void {
  const ts = entry[0]
  let at = firstNot(entries, (t) => t <= ts)
  let text: string | undefined
  while (at > 0 && (entries[at - 1] as E)[0] === ts) {
    text ??= JSON.stringify(entry[elementAt])
    if (JSON.stringify((entries[at - 1] as E)[elementAt]) <= text) break
    at--
  }
  entries.splice(at, 0, entry)
}

/** Sorts entries into the canonical order (used when reading a snapshot). */
export function sortCanonically(entries: [number, ...unknown[]][], elementAt: number): void {
  const keyed = entries.map((e) => ({ e, text: JSON.stringify(e[elementAt]) }))
  keyed.sort((a, b) => a.e[0] - b.e[0] || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
  keyed.forEach((k, i) => (entries[i] = k.e))
}

/** Removes the entries the watermark has passed; returns the removed left entries (oldest first). */
export function expire<L, R>(b: Bounds, state: IntervalJoinKeyState<L, R>, watermark: number): LeftEntry<L>[] {
  const lefts = firstNot(state.l, (ts) => leftCleanup(b, ts) < watermark)
  const rights = firstNot(state.r, (ts) => rightCleanup(b, ts) < watermark)
  state.r.splice(0, rights)
  return state.l.splice(0, lefts)
}

/** The key's timer (the earliest cleanup time of its entries), or undefined when it holds nothing. */
export function nextTimer<L, R>(b: Bounds, state: IntervalJoinKeyState<L, R>): number | undefined {
  const l = state.l[0]
  const r = state.r[0]
  if (l === undefined) return r === undefined ? undefined : rightCleanup(b, r[0])
  return r === undefined ? leftCleanup(b, l[0]) : Math.min(leftCleanup(b, l[0]), rightCleanup(b, r[0]))
}
