/** A buffered left element: `[timestamp, matched, element]`, `matched` 1 once some right element joined it. */
export type LeftEntry<L> = [ts: number, matched: 0 | 1, element: L]

/** A buffered right element: `[timestamp, element]`. */
export type RightEntry<R> = [ts: number, element: R]

/**
 * What the interval join keeps for one key: the elements that can still match, each list sorted
 * by timestamp and then by the element's JSON text. It is JSON-safe when the elements are, and a
 * function of the accepted elements and the watermark alone — the same elements in any arrival
 * order give the same bytes — so an index entry derived from records is the same whichever batch
 * wrote it.
 */
export interface IntervalJoinKeyState<L, R> {
  l: LeftEntry<L>[]
  r: RightEntry<R>[]
}
