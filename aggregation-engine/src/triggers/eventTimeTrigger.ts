import type { TimeWindow } from '../types.js'
import { windowMaxTimestamp } from '../windows/TimeWindow.js'
import type { Trigger, TriggerContext, TriggerMergeContext } from './Trigger.js'
import type { TriggerResult } from './TriggerResult.js'

const EVENT_TIME_TRIGGER: Trigger = Object.freeze({
  name: 'eventTime',
  canMerge: true,
  quietUntilEnd: 'event',
  onElement(_timestamp: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    const maxTimestamp = windowMaxTimestamp(window)
    // The watermark already passed the window: a late (but allowed) element fires at once.
    if (maxTimestamp <= ctx.watermark) return 'FIRE'
    ctx.registerEventTimeTimer(maxTimestamp)
    return 'CONTINUE'
  },
  onEventTime(time: number, window: TimeWindow): TriggerResult {
    return time === windowMaxTimestamp(window) ? 'FIRE' : 'CONTINUE'
  },
  onProcessingTime(): TriggerResult {
    return 'CONTINUE'
  },
  onMerge(window: TimeWindow, ctx: TriggerMergeContext): void {
    // Only when the merged window is still in the future; otherwise its next element fires it.
    const maxTimestamp = windowMaxTimestamp(window)
    if (maxTimestamp > ctx.watermark) ctx.registerEventTimeTimer(maxTimestamp)
  },
  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(windowMaxTimestamp(window))
  },
})

/**
 * Flink's `EventTimeTrigger`, the default of event-time assigners: fires (without purging) when
 * the watermark reaches the window's `end - 1`; an element that arrives for a window whose
 * `end - 1 <= watermark` (late, but within allowed lateness) fires at once: a late firing with
 * the updated full result. Keeps no state.
 * @example eventTimeTrigger().name // 'eventTime'
 */
export function eventTimeTrigger(): Trigger {
  return EVENT_TIME_TRIGGER
}
