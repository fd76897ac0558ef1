import type { TimeWindow } from '../types.js'
import { windowMaxTimestamp } from '../windows/TimeWindow.js'
import type { Trigger, TriggerContext, TriggerMergeContext } from './Trigger.js'
import type { TriggerResult } from './TriggerResult.js'

const PROCESSING_TIME_TRIGGER: Trigger = Object.freeze({
  name: 'processingTime',
  canMerge: true,
  quietUntilEnd: 'processing',
  onElement(_timestamp: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    ctx.registerProcessingTimeTimer(windowMaxTimestamp(window))
    return 'CONTINUE'
  },
  onEventTime(): TriggerResult {
    return 'CONTINUE'
  },
  onProcessingTime(): TriggerResult {
    return 'FIRE'
  },
  onMerge(window: TimeWindow, ctx: TriggerMergeContext): void {
    const maxTimestamp = windowMaxTimestamp(window)
    if (maxTimestamp > ctx.processingTime) ctx.registerProcessingTimeTimer(maxTimestamp)
  },
  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteProcessingTimeTimer(windowMaxTimestamp(window))
  },
})

/**
 * Flink's `ProcessingTimeTrigger`, the default of processing-time assigners: fires when the
 * operator's processing time (given to `advanceProcessingTime`, never read from a clock) reaches
 * the window's `end - 1`. Keeps no state.
 */
export function processingTimeTrigger(): Trigger {
  return PROCESSING_TIME_TRIGGER
}
