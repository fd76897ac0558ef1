import { InvalidArgumentError } from '../errors.js'
import type { TimeWindow } from '../types.js'
import { windowMaxTimestamp } from '../windows/TimeWindow.js'
import type { Trigger, TriggerContext, TriggerMergeContext } from './Trigger.js'
import type { TriggerResult } from './TriggerResult.js'

/**
 * Flink's `ContinuousEventTimeTrigger.of(interval)`: besides the on-time firing at `end - 1`
 * (and an immediate firing for elements of a window the watermark already passed), fires early
 * every `interval` of event time. The first element registers a timer at
 * `ts - ts % interval + interval` (capped at `end - 1`; `%` truncates like Java's, as in Flink);
 * each time it fires it is re-registered `interval` later. On merge the earliest pending firing
 * time wins. State: the pending firing time.
 * @param interval event-time milliseconds between early firings, a positive integer.
 * @throws InvalidArgumentError when `interval` is not a positive integer.
 */
export function continuousEventTimeTrigger(interval: number): Trigger {
  if (!Number.isSafeInteger(interval) || interval < 1) {
    throw new InvalidArgumentError('interval must be a positive integer (milliseconds)')
  }
  const registerNext = (time: number, window: TimeWindow, ctx: TriggerContext): void => {
    const next = Math.min(time + interval, windowMaxTimestamp(window))
    ctx.setState(next)
    ctx.registerEventTimeTimer(next)
  }
  return Object.freeze({
    name: `continuousEventTime(${interval})`,
    canMerge: true,
    onElement(timestamp: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
      const maxTimestamp = windowMaxTimestamp(window)
      if (maxTimestamp <= ctx.watermark) return 'FIRE'
      ctx.registerEventTimeTimer(maxTimestamp)
      if (ctx.getState() === undefined) registerNext(timestamp - (timestamp % interval), window, ctx)
      return 'CONTINUE'
    },
    onEventTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
      if (time === windowMaxTimestamp(window)) return 'FIRE'
      if (ctx.getState() === time) {
        registerNext(time, window, ctx)
        return 'FIRE'
      }
      return 'CONTINUE'
    },
    onProcessingTime(): TriggerResult {
      return 'CONTINUE'
    },
    onMerge(_window: TimeWindow, ctx: TriggerMergeContext): void {
      const pending = ctx.mergedStates.filter((state): state is number => typeof state === 'number')
      if (pending.length === 0) return
      const next = Math.min(...pending)
      ctx.setState(next)
      ctx.registerEventTimeTimer(next)
    },
    clear(_window: TimeWindow, ctx: TriggerContext): void {
      const pending = ctx.getState()
      if (typeof pending === 'number') ctx.deleteEventTimeTimer(pending)
      ctx.setState(undefined)
    },
  })
}
