import type { WindowAssigner } from '../../assigners/WindowAssigner.js'
import { InvalidArgumentError } from '../../errors.js'
import type { Trigger } from '../../triggers/Trigger.js'
import type { AggregateFunction, Key } from '../../types.js'
import type { BoundedOutOfOrdernessOptions } from '../../watermarks/boundedOutOfOrderness.js'
import { reduceAggregate } from '../reduceAggregate.js'
import type { ProcessWindowContext, WindowOperatorOptions } from '../WindowOperator.js'
import { jsonBytes } from './estimate.js'

/** Options after validation and defaults: what the operator core runs on. */
export interface OperatorConfig<IN, ACC, OUT, R> {
  readonly keyBy: (element: IN) => Key
  readonly timestamp: (element: IN) => number
  readonly assigner: WindowAssigner
  readonly trigger: Trigger
  readonly aggregate: AggregateFunction<IN, ACC, OUT>
  readonly process: ((context: ProcessWindowContext, aggregated: OUT) => R) | undefined
  readonly allowedLateness: number
  readonly watermark: BoundedOutOfOrdernessOptions
  /**
   * Keep the accumulators of cleaned windows for the next `flushPartials()`. Always on for the
   * public operator (partials must not lose data); off only for an operator read through its
   * results alone, whose state must not grow with closed windows (sessions carried by `windowJob`).
   */
  readonly retainCleanedPartials: boolean
  readonly accumulatorBytes: (accumulator: ACC) => number
}

const isFunction = (value: unknown): boolean => typeof value === 'function'

/** Checks the operator options at the door and fills in the defaults. */
export function resolveOptions<IN, ACC, OUT, R>(options: WindowOperatorOptions<IN, ACC, OUT, R>): OperatorConfig<IN, ACC, OUT, R> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options must be an object')
  if (!isFunction(options.keyBy)) throw new InvalidArgumentError('keyBy must be a function')
  if (!isFunction(options.timestamp)) throw new InvalidArgumentError('timestamp must be a function')
  const assigner = options.assigner
  if (typeof assigner !== 'object' || assigner === null || !isFunction(assigner.assign)) {
    throw new InvalidArgumentError('assigner must be a window assigner')
  }
  if ((options.aggregate === undefined) === (options.reduce === undefined)) {
    throw new InvalidArgumentError('exactly one of aggregate or reduce must be given')
  }
  const aggregate = (options.aggregate !== undefined ? options.aggregate : reduceAggregate(options.reduce)) as AggregateFunction<IN, ACC, OUT>
  const trigger = options.trigger ?? assigner.defaultTrigger()
  if (assigner.isMerging && !trigger.canMerge) {
    throw new InvalidArgumentError('a merging assigner needs a trigger that can merge')
  }
  const allowedLateness = options.allowedLateness ?? 0
  if (!Number.isSafeInteger(allowedLateness) || allowedLateness < 0) {
    throw new InvalidArgumentError('allowedLateness must be a non-negative integer (milliseconds)')
  }
  if (typeof options.watermark !== 'object' || options.watermark === null) {
    throw new InvalidArgumentError('watermark must be given as { bound, idleness? }')
  }
  if (options.process !== undefined && !isFunction(options.process)) {
    throw new InvalidArgumentError('process must be a function')
  }
  return {
    keyBy: options.keyBy,
    timestamp: options.timestamp,
    assigner,
    trigger,
    aggregate,
    process: options.process as ((context: ProcessWindowContext, aggregated: OUT) => R) | undefined,
    allowedLateness,
    watermark: options.watermark,
    retainCleanedPartials: true,
    accumulatorBytes: accumulatorBytesOf(options.accumulatorBytes as number | ((a: ACC) => number) | undefined, aggregate),
  }
}

function accumulatorBytesOf<ACC>(
  option: number | ((accumulator: ACC) => number) | undefined,
  aggregate: AggregateFunction<never, ACC, unknown>,
): (accumulator: ACC) => number {
  if (typeof option === 'function') return option
  if (option !== undefined) {
    if (!Number.isFinite(option) || option < 0) {
      throw new InvalidArgumentError('accumulatorBytes must be a non-negative number or a function')
    }
    return () => option
  }
  let measured: number
  try {
    const empty = aggregate.createAccumulator()
    measured = jsonBytes(aggregate.encode === undefined ? (empty as never) : aggregate.encode(empty), 16)
  } catch {
    measured = 16
  }
  return () => measured
}
