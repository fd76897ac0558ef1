import { InvalidArgumentError } from '../errors.js'
import type { TimeDomain, TimeWindow } from '../types.js'
import { eventTimeTrigger } from '../triggers/eventTimeTrigger.js'
import { processingTimeTrigger } from '../triggers/processingTimeTrigger.js'
import { windowStartWithOffset } from '../windows/TimeWindow.js'
import type { WindowAssigner } from './WindowAssigner.js'
import { requireOffset, requirePositiveInteger, requireTimeDomain } from './_internal/validate.js'

/** Options of `slidingWindows`. */
export interface SlidingWindowsOptions {
  /** Window length in milliseconds, a positive integer. */
  readonly size: number
  /** Distance between window starts in milliseconds, a positive integer not larger than `size`. */
  readonly slide: number
  /** Shift of the window alignment from the epoch, `|offset| < slide`. @default 0 */
  readonly offset?: number
  /** Assign by event time or by the operator's injected processing time. @default 'event' */
  readonly timeDomain?: TimeDomain
}

/**
 * Overlapping windows of `size` starting every `slide`: Flink's
 * `SlidingEventTimeWindows.of(size, slide, offset)`, with Flink's loop
 * (`for s = windowStart(ts, offset, slide); s > ts - size; s -= slide`), so every element is in
 * every window that contains it: `size / slide` windows when slide divides size, otherwise
 * `floor(size / slide)` or `ceil(size / slide)`. Windows come latest first.
 *
 * Unlike Flink, `slide > size` is refused: elements between two windows would belong to none
 * and vanish without being counted as late.
 * @throws InvalidArgumentError on a non-positive size or slide, `slide > size`, or `|offset| >= slide`.
 * @example slidingWindows({ size: 10, slide: 5 }).assign(7) // [{start: 5, end: 15}, {start: 0, end: 10}]
 */
export function slidingWindows(options: SlidingWindowsOptions): WindowAssigner {
  const size = requirePositiveInteger(options.size, 'size')
  const slide = requirePositiveInteger(options.slide, 'slide')
  if (slide > size) throw new InvalidArgumentError('slide must not be larger than size')
  const offset = requireOffset(options.offset, slide, 'slide')
  const timeDomain = requireTimeDomain(options.timeDomain)
  return Object.freeze({
    name: `sliding(${size},${slide},${offset},${timeDomain})`,
    timeDomain,
    isMerging: false,
    assign(timestamp: number): TimeWindow[] {
      const windows: TimeWindow[] = []
      const lastStart = windowStartWithOffset(timestamp, offset, slide)
      for (let start = lastStart; start > timestamp - size; start -= slide) {
        windows.push({ start, end: start + size })
      }
      return windows
    },
    defaultTrigger: timeDomain === 'event' ? eventTimeTrigger : processingTimeTrigger,
  })
}
