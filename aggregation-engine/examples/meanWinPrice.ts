// README example 2: a custom aggregation — mean win price per domain over sliding windows of
// ten minutes every minute, with late events within a minute still counted (late firings).
import { createWindowOperator, slidingWindows, type AggregateFunction } from '../src/index.js'

type Impression = { domain: string; win_price: number; ts: number }

/** Mean as [sum, count]: a JSON-safe accumulator, so snapshots need no encode/decode. */
const meanPrice: AggregateFunction<Impression, [number, number], number | null> = {
  createAccumulator: () => [0, 0],
  add: (e, acc) => [acc[0] + e.win_price, acc[1] + 1],
  merge: (a, b) => [a[0] + b[0], a[1] + b[1]],
  getResult: ([sum, n]) => (n === 0 ? null : sum / n),
}

export function meanWinPrice(impressions: Impression[], watermark: number) {
  const op = createWindowOperator({
    keyBy: (e: Impression) => e.domain,
    timestamp: (e) => e.ts,
    assigner: slidingWindows({ size: 600_000, slide: 60_000 }),
    watermark: { bound: 2_000 },
    allowedLateness: 60_000,
    aggregate: meanPrice,
  })
  for (const e of impressions) op.processElement(e)
  op.advanceWatermark(watermark)
  const { results, late } = op.takeOutputs()
  return { results: results.map((r) => ({ domain: r.key, start: r.window.start, mean: r.value, firing: r.firing })), late }
}
