import type { AggregateFunction } from '@sdp/aggregation-engine'
import type { WalkIn } from './walkInIndex.js'

/**
 * `[bids, imps, clicks, walkins, walkin_clicks]` with the first three always 0: the walk-in job's
 * accumulator, in the shape of the report counts, so stage 2 merges it into the same campaign
 * items as the ad counts.
 */
export type WalkInCounts = [0, 0, 0, number, number]

/** Counts walk-ins and walk-in clicks. */
export const walkInCounts: AggregateFunction<WalkIn, WalkInCounts, WalkInCounts> = {
  createAccumulator: () => [0, 0, 0, 0, 0],
  add(w, acc) {
    acc[w.kind === 'imp' ? 3 : 4]++
    return acc
  },
  merge(a, b) {
    a[3] += b[3]
    a[4] += b[4]
    return a
  },
  getResult: (acc) => [0, 0, 0, acc[3], acc[4]],
}
