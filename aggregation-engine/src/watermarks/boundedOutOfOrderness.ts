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
 * so a replay could decide differently. Idle inputs are moved by heartbeats instead (docs/architecture.md, "Heartbeats");
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
  return new BoundedOutOfOrderness(bound, idleness)
}

/** Times as numbers with NaN for "none": number fields stay unboxed, so no element allocates. */
const NONE = NaN
const orNull = (time: number): number | null => (Number.isNaN(time) ? null : time)

class BoundedOutOfOrderness implements WatermarkGenerator {
  readonly name: string
  private maxTimestamp = NONE
  private now = NONE
  private lastActive = NONE

  constructor(
    private readonly bound: number,
    private readonly idleness: number | undefined,
  ) {
    this.name = idleness === undefined ? `boundedOutOfOrderness(${bound})` : `boundedOutOfOrderness(${bound},${idleness})`
  }

  onEvent(timestamp: number): void {
    requireTime(timestamp, 'timestamp')
    this.advance(timestamp)
    if (!Number.isNaN(this.now)) this.lastActive = this.now
  }

  onHeartbeat(timestamp: number): void {
    requireTime(timestamp, 'heartbeat timestamp')
    this.advance(timestamp)
  }

  onProcessingTime(time: number): void {
    requireTime(time, 'processing time')
    if (Number.isNaN(this.now) || time > this.now) this.now = time
    // The idle clock starts with the first processing time given.
    if (Number.isNaN(this.lastActive)) this.lastActive = this.now
  }

  currentWatermark(): number {
    return Number.isNaN(this.maxTimestamp) ? NO_WATERMARK : Math.max(NO_WATERMARK, this.maxTimestamp - this.bound - 1)
  }

  isIdle(): boolean {
    return this.idleness !== undefined && this.now - this.lastActive >= this.idleness // false while either is NaN
  }

  snapshot(): Json {
    return [orNull(this.maxTimestamp), orNull(this.now), orNull(this.lastActive)]
  }

  restore(snapshot: Json): SnapshotFormatError | undefined {
    if (!Array.isArray(snapshot) || snapshot.length !== 3 || !snapshot.every(isTime)) {
      return new SnapshotFormatError('watermark state must be [maxTimestamp, processingTime, lastActive] of integers or nulls')
    }
    const [maxTimestamp, now, lastActive] = snapshot
    this.maxTimestamp = maxTimestamp ?? NONE
    this.now = now ?? NONE
    this.lastActive = lastActive ?? NONE
    return undefined
  }

  private advance(timestamp: number): void {
    // `!(<=)` is also true while maxTimestamp is NaN.
    if (!(timestamp <= this.maxTimestamp)) this.maxTimestamp = timestamp
  }
}
