import type { SnapshotFormatError } from '../errors.js'
import type { Json } from '../types.js'

/**
 * The watermark before any element or heartbeat was seen ("no watermark yet"): Flink starts at
 * `Long.MIN_VALUE`; this is its JSON-safe counterpart.
 */
export const NO_WATERMARK: number = Number.MIN_SAFE_INTEGER

/**
 * Tracks event time on one input and derives its watermark (Flink's `WatermarkGenerator`).
 * Unlike assigners and triggers it holds state (the maximum timestamp seen), which it snapshots
 * and restores as JSON. Time is always given, never read from a clock.
 */
export interface WatermarkGenerator {
  /** Stable description of the strategy, e.g. `boundedOutOfOrderness(5000)`. */
  readonly name: string
  /** An element with event time `timestamp` was seen (counts as activity for idleness). */
  onEvent(timestamp: number): void
  /** A heartbeat carrying `timestamp`: moves event time like an element, but is no activity and is never counted. */
  onHeartbeat(timestamp: number): void
  /** The injected processing time moved to `now` (used for idleness only). */
  onProcessingTime(now: number): void
  /** The current watermark; never goes back; `NO_WATERMARK` before the first timestamp. */
  currentWatermark(): number
  /** Whether the input is idle: no element for the configured idleness (always false without one). */
  isIdle(): boolean
  /** JSON-safe state. */
  snapshot(): Json
  /** Replaces the state with a snapshot of the same strategy; on a snapshot it cannot read it changes nothing and returns the error. */
  restore(snapshot: Json): SnapshotFormatError | undefined
}
