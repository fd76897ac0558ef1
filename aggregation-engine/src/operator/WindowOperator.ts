/** The window operator's contract: its options, its outputs and its methods. */
import type { WindowAssigner } from '../assigners/WindowAssigner.js'
import type { SnapshotFormatError } from '../errors.js'
import type { Trigger } from '../triggers/Trigger.js'
import type { AggregateFunction, Json, Key, ReduceFunction, TimeWindow } from '../types.js'
import type { BoundedOutOfOrdernessOptions } from '../watermarks/boundedOutOfOrderness.js'

/**
 * Why a window emitted: `'on-time'` when its time reached `end - 1` (the watermark for
 * event-time windows, processing time for processing-time windows); `'early'` before that
 * (count or continuous triggers; every firing of a global window); `'late'` after it (an
 * element within allowed lateness, updating the full result).
 */
export type Firing = 'on-time' | 'early' | 'late'

/** One emitted result of a (key, window). A window can emit several times; the latest is the most complete. */
export interface WindowResult<R> {
  readonly key: Key
  readonly window: TimeWindow
  readonly value: R
  readonly firing: Firing
  /** The operator's watermark when it fired. */
  readonly watermark: number
}

/** What `takeOutputs()` hands over: window results, and elements dropped as too late (never silently lost). */
export interface WindowOutputs<IN, R> {
  readonly results: WindowResult<R>[]
  readonly late: IN[]
}

/**
 * An accumulator moved out by `flushPartials()`, encoded with the aggregate's `encode`. Merging
 * every partial of a (key, window) (and what is still open) gives the full aggregate.
 */
export interface WindowPartial {
  readonly key: Key
  readonly window: TimeWindow
  readonly accumulator: Json
}

/** What the process-window hook learns about a firing. */
export interface ProcessWindowContext {
  readonly key: Key
  readonly window: TimeWindow
  readonly watermark: number
  /** `Number.MIN_SAFE_INTEGER` until `advanceProcessingTime` was called. */
  readonly processingTime: number
  readonly firing: Firing
}

/** Options shared by the aggregate and the reduce forms of the operator. */
export interface WindowOperatorBaseOptions<IN, ACC, OUT, R> {
  /** The key of an element: a string or a finite number. */
  readonly keyBy: (element: IN) => Key
  /** The event time of an element: epoch milliseconds, a safe integer. */
  readonly timestamp: (element: IN) => number
  readonly assigner: WindowAssigner
  /** @default assigner.defaultTrigger() */
  readonly trigger?: Trigger
  /**
   * Flink's process-window function over the pre-aggregated result: maps each firing's result
   * (with its key, window and firing) to the emitted value. @default identity
   */
  readonly process?: (context: ProcessWindowContext, aggregated: OUT) => R
  /** Milliseconds of event time a window stays open after `end - 1`. @default 0 */
  readonly allowedLateness?: number
  /** The bounded-out-of-orderness watermark of the input (`bound`, optional `idleness`). */
  readonly watermark: BoundedOutOfOrdernessOptions
  /**
   * Estimated snapshot bytes of one accumulator, for `estimatedBytes()`: a constant, or a function
   * of the accumulator (called after every change to it). @default JSON length of the encoded
   * `createAccumulator()` (16 for `reduce`)
   */
  readonly accumulatorBytes?: number | ((accumulator: ACC) => number)
}

/** Options of an operator that aggregates with an `AggregateFunction`. */
export interface AggregateWindowOperatorOptions<IN, ACC, OUT, R = OUT> extends WindowOperatorBaseOptions<IN, ACC, OUT, R> {
  readonly aggregate: AggregateFunction<IN, ACC, OUT>
  readonly reduce?: undefined
}

/** Options of an operator that aggregates with a `ReduceFunction` (elements must be JSON-safe to be snapshotted). */
export interface ReduceWindowOperatorOptions<IN, R = IN> extends WindowOperatorBaseOptions<IN, IN, IN, R> {
  readonly reduce: ReduceFunction<IN>
  readonly aggregate?: undefined
}

/** Either form of options: exactly one of `aggregate` or `reduce`. */
export type WindowOperatorOptions<IN, ACC, OUT, R = OUT> = AggregateWindowOperatorOptions<IN, ACC, OUT, R> | ReduceWindowOperatorOptions<IN, R>

/**
 * Flink's `WindowOperator` for one keyed input, driven entirely by the caller: elements,
 * heartbeats, watermarks and processing time come in through methods; results and late elements
 * are buffered until `takeOutputs()`. Pure and deterministic: the same calls give the same
 * outputs, and so does a copy restored from `snapshot()` at any point.
 */
export interface WindowOperator<IN, R> {
  /**
   * Adds an element to its windows (or to the late output when every window it belongs to is
   * past `end - 1 + allowedLateness`), runs the trigger, then advances the watermark by its timestamp.
   * @throws InvalidArgumentError (changing nothing) when `keyBy`/`timestamp` give an invalid key or time;
   * EngineError for processing-time windows before the first `advanceProcessingTime`.
   */
  processElement(element: IN): void
  /** Advances the watermark as an element with this timestamp would; counts nothing. */
  processHeartbeat(timestamp: number): void
  /** Raises the watermark to at least `watermark` (e.g. one restored from a checkpoint); never lowers it. */
  advanceWatermark(watermark: number): void
  /** Moves processing time to `now` (never back): fires processing-time timers, cleans processing-time windows, updates idleness. */
  advanceProcessingTime(now: number): void
  /** Hands over and clears the buffered results and late elements. */
  takeOutputs(): WindowOutputs<IN, R>
  /**
   * Moves every open accumulator out, encoded, ordered by window then key, and resets them: the
   * windows stay (for lateness, timers, merging), their accumulators restart empty. A (key, window)
   * left with no contents and no trigger state is forgotten (a new element recreates it).
   * Accumulators of windows cleaned up since the last flush come out too (they wait for it, and
   * count in `estimatedBytes()`), so the partials cover every accepted element, whatever the
   * lateness and wherever the flushes fall.
   */
  flushPartials(): WindowPartial[]
  /** Incrementally maintained estimate of `JSON.stringify(snapshot()).length`; equal on a restored copy. */
  estimatedBytes(): number
  /** The current event-time watermark (`NO_WATERMARK` before any). */
  watermark(): number
  /** Whether the input is idle per `watermark.idleness` (it only marks; the watermark does not move). */
  isIdle(): boolean
  /**
   * A compact, versioned (`v`), JSON-safe copy of all state: windows, accumulators, trigger
   * states and timers, watermark and generator. Outputs not yet taken are not part of it.
   */
  snapshot(): Json
}

/** Result of `restoreWindowOperator`: a snapshot it cannot read is reported, never thrown. */
export type RestoreWindowOperatorResult<IN, R> =
  { readonly ok: true; readonly operator: WindowOperator<IN, R> } | { readonly ok: false; readonly error: SnapshotFormatError }
