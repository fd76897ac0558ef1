/**
 * Arithmetic of the half-open time window `[start, end)` (Flink's `TimeWindow`).
 * The window value type itself is `TimeWindow` in `types.ts`; these are its operations.
 */
import { InvalidArgumentError } from '../errors.js'
import type { TimeWindow } from '../types.js'

/**
 * Builds the window `[start, end)`.
 * @throws InvalidArgumentError unless both bounds are safe integers and start is smaller than end.
 * @example timeWindow(0, 60_000) // the first minute after the epoch
 */
export function timeWindow(start: number, end: number): TimeWindow {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
    throw new InvalidArgumentError('window bounds must be safe integers (epoch milliseconds)')
  }
  if (start >= end) throw new InvalidArgumentError('window start must be smaller than window end')
  return { start, end }
}

/** The last timestamp that belongs to the window: `end - 1` (Flink's `maxTimestamp()`). */
export function windowMaxTimestamp(window: TimeWindow): number {
  return window.end - 1
}

/** Whether `timestamp` lies in `[start, end)`. */
export function windowContains(window: TimeWindow, timestamp: number): boolean {
  return timestamp >= window.start && timestamp < window.end
}

/** Whether two windows have the same bounds. */
export function windowsEqual(a: TimeWindow, b: TimeWindow): boolean {
  return a.start === b.start && a.end === b.end
}

/**
 * Flink's `TimeWindow.intersects`: the windows overlap **or touch** (`[0,5)` and `[5,9)` intersect).
 * This is the relation session windows merge on.
 */
export function windowsIntersect(a: TimeWindow, b: TimeWindow): boolean {
  return a.start <= b.end && a.end >= b.start
}

/** Whether the windows share at least one timestamp (strict overlap; touching is not enough). */
export function windowsOverlap(a: TimeWindow, b: TimeWindow): boolean {
  return a.start < b.end && b.start < a.end
}

/** Whether one window ends exactly where the other starts. */
export function windowsTouch(a: TimeWindow, b: TimeWindow): boolean {
  return a.end === b.start || b.end === a.start
}

/** The smallest window covering both: `[min start, max end)` (Flink's `cover`). */
export function coverWindows(a: TimeWindow, b: TimeWindow): TimeWindow {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) }
}

/**
 * Start of the window of length `size` (aligned to the epoch shifted by `offset`) that contains
 * `timestamp`: Flink's `getWindowStartWithOffset`, correct for negative timestamps
 * (`remainder < 0 ? ts - (remainder + size) : ts - remainder`).
 * @example windowStartWithOffset(-1, 0, 10) // -10
 */
export function windowStartWithOffset(timestamp: number, offset: number, size: number): number {
  const remainder = (timestamp - offset) % size
  return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder
}
