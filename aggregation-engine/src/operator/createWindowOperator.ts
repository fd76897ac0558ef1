import type { AggregateWindowOperatorOptions, ReduceWindowOperatorOptions, WindowOperator, WindowOperatorOptions } from './WindowOperator.js'
import { resolveOptions } from './_internal/resolveOptions.js'
import { WindowOperatorCore } from './_internal/WindowOperatorCore.js'

/**
 * Creates a keyed window operator (Flink's `keyBy → window → trigger → allowedLateness →
 * sideOutputLateData → aggregate/reduce [→ process]`). Pure: time only comes in through
 * `processElement` (event time), `processHeartbeat`, `advanceWatermark` and `advanceProcessingTime`.
 * @throws InvalidArgumentError on invalid options (e.g. "exactly one of aggregate or reduce must be given").
 * @example
 * const op = createWindowOperator({
 *   keyBy: (e: Ev) => e.campaign, timestamp: (e) => e.ts,
 *   assigner: tumblingWindows({ size: 60_000 }), watermark: { bound: 5_000 },
 *   aggregate: countsAggregate, allowedLateness: 86_400_000,
 * })
 * op.processElement(event); const { results, late } = op.takeOutputs()
 */
export function createWindowOperator<IN, ACC, OUT, R = OUT>(options: AggregateWindowOperatorOptions<IN, ACC, OUT, R>): WindowOperator<IN, R>
export function createWindowOperator<IN, R = IN>(options: ReduceWindowOperatorOptions<IN, R>): WindowOperator<IN, R>
export function createWindowOperator<IN, ACC, OUT, R>(options: WindowOperatorOptions<IN, ACC, OUT, R>): WindowOperator<IN, R> {
  return new WindowOperatorCore(resolveOptions(options))
}
