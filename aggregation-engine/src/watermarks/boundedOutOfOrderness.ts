import { InvalidArgumentError, SnapshotFormatError } from '../errors.js'
import type { Json } from '../types.js'
import { NO_WATERMARK, type WatermarkGenerator } from './WatermarkGenerator.js'

/** Options of `boundedOutOfOrderness`. */
export interface BoundedOutOfOrdernessOptions {
  /** How far (ms) an element may lag the newest timestamp seen and still be on time; a non-negative integer. */
  readonly bound: number
  /**
   * Report the input idle after this many milliseconds of processing time without an element;
   * a positive integer. @default undefined (never idle)
   */
  readonly idleness?: number
}

function requireTime(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(`${name} must be a safe integer (epoch milliseconds)`)
}

function isTime(value: Json | undefined): value is number | null {
  return value === null || (typeof value === 'number' && Number.isSafeInteger(value))
}

/**
 * Flink's `WatermarkStrategy.forBoundedOutOfOrderness(bound)` (with `withIdleness`):
 * watermark = max timestamp seen − bound − 1, `NO_WATERMARK` before the first one, never going
 * back. Heartbeat timestamps advance it exactly like an element's but are never counted.
 *
 * Idleness only **marks** the input idle (`isIdle()`), it never moves the watermark: advancing
 * event time from processing time would make lateness depend on when Lambda happened to invoke,
 * so a replay could decide differently. Idle inputs are moved by heartbeats instead (DESIGN §6);
 * a consumer that takes the minimum over several inputs may skip the idle ones.
 * @throws InvalidArgumentError on a negative or fractional bound or a non-positive idleness.
 * @example
 * const wm = boundedOutOfOrderness({ bound: 5_000 })
 * wm.onEvent(10_000); wm.currentWatermark() // 4999
 */
export function boundedOutOfOrderness(options: BoundedOutOfOrdernessOptions): WatermarkGenerator {
  const { bound, idleness } = options
  if (!Number.isSafeInteger(bound) || bound < 0) {
    throw new InvalidArgumentError('bound must be a non-negative integer (milliseconds)')
  }
  if (idleness !== undefined && (!Number.isSafeInteger(idleness) || idleness < 1)) {
    throw new InvalidArgumentError('idleness must be a positive integer (milliseconds)')
  }
  let maxTimestamp: number | null = null
  let now: number | null = null
  let lastActive: number | null = null
  const advance = (timestamp: number): void => {
    if (maxTimestamp === null || timestamp > maxTimestamp) maxTimestamp = timestamp
  }
  return {
    name: idleness === undefined ? `boundedOutOfOrderness(${bound})` : `boundedOutOfOrderness(${bound},${idleness})`,
    onEvent(timestamp: number): void {
      requireTime(timestamp, 'timestamp')
      advance(timestamp)
      if (now !== null) lastActive = now
    },
    onHeartbeat(timestamp: number): void {
      requireTime(timestamp, 'heartbeat timestamp')
      advance(timestamp)
    },
    onProcessingTime(time: number): void {
      requireTime(time, 'processing time')
      if (now === null || time > now) now = time
      // The idle clock starts with the first processing time given.
      if (lastActive === null) lastActive = now
    },
    currentWatermark(): number {
      return maxTimestamp === null ? NO_WATERMARK : Math.max(NO_WATERMARK, maxTimestamp - bound - 1)
    },
    isIdle(): boolean {
      return idleness !== undefined && now !== null && lastActive !== null && now - lastActive >= idleness
    },
    snapshot(): Json {
      return [maxTimestamp, now, lastActive]
    },
    restore(snapshot: Json): SnapshotFormatError | undefined {
      if (!Array.isArray(snapshot) || snapshot.length !== 3 || !snapshot.every(isTime)) {
        return new SnapshotFormatError('watermark state must be [maxTimestamp, processingTime, lastActive] of integers or nulls')
      }
      ;[maxTimestamp, now, lastActive] = snapshot as (number | null)[] as [number | null, number | null, number | null]
      return undefined
    },
  }
}
