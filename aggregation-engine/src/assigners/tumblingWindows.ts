import type { TimeDomain, TimeWindow } from '../types.js'
import { eventTimeTrigger } from '../triggers/eventTimeTrigger.js'
import { processingTimeTrigger } from '../triggers/processingTimeTrigger.js'
import { windowStartWithOffset } from '../windows/TimeWindow.js'
import type { WindowAssigner } from './WindowAssigner.js'
import { requireOffset, requirePositiveInteger, requireTimeDomain } from './_internal/validate.js'

/** Options of `tumblingWindows`. */
export interface TumblingWindowsOptions {
  /** Window length in milliseconds, a positive integer. */
  readonly size: number
  /** Shift of the window alignment from the epoch, `|offset| < size`. @default 0 */
  readonly offset?: number
  /** Assign by event time or by the operator's injected processing time. @default 'event' */
  readonly timeDomain?: TimeDomain
}

/**
 * Fixed-size, non-overlapping windows aligned to the epoch (plus `offset`): Flink's
 * `TumblingEventTimeWindows.of(size, offset)` (or the processing-time variant). An element with
 * timestamp `ts` goes to `[start, start + size)` with `start = windowStartWithOffset(ts, offset, size)`.
 * @throws InvalidArgumentError when size is not a positive integer or `|offset| >= size`.
 * @example tumblingWindows({ size: 60_000 }).assign(61_000) // [{ start: 60000, end: 120000 }]
 */
export function tumblingWindows(options: TumblingWindowsOptions): WindowAssigner {
  const size = requirePositiveInteger(options.size, 'size')
  const offset = requireOffset(options.offset, size, 'size')
  const timeDomain = requireTimeDomain(options.timeDomain)
  // Consecutive elements mostly fall in one window: hand out the same frozen answer until they don't.
  let last: readonly [TimeWindow] = Object.freeze([Object.freeze({ start: NaN, end: NaN })])
  return Object.freeze({
    name: `tumbling(${size},${offset},${timeDomain})`,
    timeDomain,
    isMerging: false,
    assign(timestamp: number): readonly TimeWindow[] {
      if (timestamp >= last[0].start && timestamp < last[0].end) return last
      const start = windowStartWithOffset(timestamp, offset, size)
      last = Object.freeze([Object.freeze({ start, end: start + size })])
      return last
    },
    defaultTrigger: timeDomain === 'event' ? eventTimeTrigger : processingTimeTrigger,
  })
}
