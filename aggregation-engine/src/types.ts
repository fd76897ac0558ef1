/** Types shared by every part of the engine. Times are epoch milliseconds (numbers). */

/** A JSON-safe value: what snapshots, accumulators at rest and partials are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Keys of keyed streams: strings or finite numbers (`keyBy`). */
export type Key = string | number

/** A half-open time window `[start, end)`; its last timestamp is `end - 1`. */
export interface TimeWindow {
  readonly start: number
  readonly end: number
}

/** Which clock a window assigner reads: the element's timestamp, or the injected processing clock. */
export type TimeDomain = 'event' | 'processing'

/**
 * An incremental, mergeable aggregation (Flink's `AggregateFunction<IN, ACC, OUT>`).
 * `add` and `merge` may mutate and return their first accumulator argument.
 * Accumulators that are not plain JSON provide `encode`/`decode` so snapshots stay JSON-safe.
 */
export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC
  add(value: IN, accumulator: ACC): ACC
  merge(a: ACC, b: ACC): ACC
  getResult(accumulator: ACC): OUT
  /** Accumulator to a JSON-safe value; identity when omitted. */
  encode?(accumulator: ACC): Json
  /** Inverse of `encode`; throws on a value it cannot read. Identity when omitted. */
  decode?(value: Json): ACC
}

/** Flink's `ReduceFunction<T>`: combines two values of the same type. */
export type ReduceFunction<T> = (a: T, b: T) => T
