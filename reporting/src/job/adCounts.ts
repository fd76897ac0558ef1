import type { AggregateFunction } from '@sdp/aggregation-engine'
import type { Contribution } from './transactionIndex.js'

/** `[bids, imps, clicks]`: the compact accumulator of one (campaign, period). */
export type AdCounts = [number, number, number]

/**
 * Counts joined contributions by kind. Written out rather than composed from `count` because it
 * runs once per event on the hot path and its accumulator is what the partial store holds.
 */
export const adCounts: AggregateFunction<Contribution, AdCounts, AdCounts> = {
  createAccumulator: () => [0, 0, 0],
  add(c, acc) {
    acc[c.kind === 'bid' ? 0 : c.kind === 'imp' ? 1 : 2]++
    return acc
  },
  merge(a, b) {
    a[0] += b[0]
    a[1] += b[1]
    a[2] += b[2]
    return a
  },
  getResult: (acc) => [acc[0], acc[1], acc[2]],
}
