import type { Json } from '@sdp/aggregation-engine'

/**
 * Stage 2's merge of the campaign counts: element-wise sums of `[bids, imps, clicks]` from the
 * ad-tech job and `[0, 0, 0, walkins, walkin_clicks]` from the walk-in join, a missing element
 * counting 0 — so values stored before walk-ins existed (three elements) merge with new ones.
 * Returns a new array; never changes its arguments.
 */
export function mergeReportCounts(a: Json, b: Json): Json {
  const x = a as readonly number[]
  const y = b as readonly number[]
  const out: number[] = []
  for (let i = 0; i < Math.max(x.length, y.length); i++) out.push((x[i] ?? 0) + (y[i] ?? 0))
  return out
}
