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
  requireElementFunctions(options.keyBy, options.timestamp)
  const assigner = requireAssigner(options.assigner)
  const aggregate = aggregateOf(options)
  const trigger = triggerOf(options.trigger, assigner)
  const allowedLateness = allowedLatenessOf(options.allowedLateness)
  requireWatermarkAndProcess(options.watermark, options.process)
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

function requireElementFunctions(keyBy: unknown, timestamp: unknown): void {
  if (!isFunction(keyBy)) throw new InvalidArgumentError('keyBy must be a function')
  if (!isFunction(timestamp)) throw new InvalidArgumentError('timestamp must be a function')
}

function requireAssigner(assigner: WindowAssigner): WindowAssigner {
  if (typeof assigner !== 'object' || assigner === null || typeof assigner.assign !== 'function') {
    throw new InvalidArgumentError('assigner must be a window assigner')
  }
  return assigner
}

/** The aggregate function: the one given, or the one made from `reduce`. */
function aggregateOf<IN, ACC, OUT, R>(options: WindowOperatorOptions<IN, ACC, OUT, R>): AggregateFunction<IN, ACC, OUT> {
  if ((options.aggregate === undefined) === (options.reduce === undefined)) {
    throw new InvalidArgumentError('exactly one of aggregate or reduce must be given')
  }
  return (options.aggregate !== undefined ? options.aggregate : reduceAggregate(options.reduce)) as AggregateFunction<IN, ACC, OUT>
}

/** The trigger given, or the assigner's default; a merging assigner needs one that can merge. */
function triggerOf(given: Trigger | undefined, assigner: WindowAssigner): Trigger {
  const trigger = given ?? assigner.defaultTrigger()
  if (assigner.isMerging && !trigger.canMerge) {
    throw new InvalidArgumentError('a merging assigner needs a trigger that can merge')
  }
  return trigger
}

function allowedLatenessOf(given: number | undefined): number {
  const allowedLateness = given ?? 0
  if (!Number.isSafeInteger(allowedLateness) || allowedLateness < 0) {
    throw new InvalidArgumentError('allowedLateness must be a non-negative integer (milliseconds)')
  }
  return allowedLateness
}

function requireWatermarkAndProcess(watermark: unknown, process: unknown): void {
  if (typeof watermark !== 'object' || watermark === null) {
    throw new InvalidArgumentError('watermark must be given as { bound, idleness? }')
  }
  if (process !== undefined && !isFunction(process)) {
    throw new InvalidArgumentError('process must be a function')
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
