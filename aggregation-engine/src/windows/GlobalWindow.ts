import type { TimeWindow } from '../types.js'

/**
 * The single window of `globalWindows()`: all of time, with JSON-safe bounds
 * `[Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)`. Nothing is ever late for it and it is
 * never cleaned up (Flink's `GlobalWindow`), so it needs a trigger that fires, e.g. `countTrigger(n)`.
 */
export const GLOBAL_WINDOW: TimeWindow = Object.freeze({
  start: Number.MIN_SAFE_INTEGER,
  end: Number.MAX_SAFE_INTEGER,
})

/** Whether a window reaches the end of time (the global window): such windows are never late nor cleaned up. */
export function isGlobalWindow(window: TimeWindow): boolean {
  return window.end >= Number.MAX_SAFE_INTEGER
}
