import type { TimeWindow } from '../types.js'
import type { Trigger, TriggerContext, TriggerMergeContext } from './Trigger.js'
import { triggerFires, type TriggerResult } from './TriggerResult.js'

function purgeOnFire(result: TriggerResult): TriggerResult {
  return triggerFires(result) ? 'FIRE_AND_PURGE' : result
}

/**
 * Flink's `PurgingTrigger.of(trigger)`: the same decisions, except that every `FIRE` becomes
 * `FIRE_AND_PURGE`, so each firing emits only what arrived since the previous one.
 * @example purging(countTrigger(100)) // fire every 100 elements, each result covering 100
 */
export function purging(trigger: Trigger): Trigger {
  return Object.freeze({
    name: `purging(${trigger.name})`,
    canMerge: trigger.canMerge,
    onElement(timestamp: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
      return purgeOnFire(trigger.onElement(timestamp, window, ctx))
    },
    onEventTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
      return purgeOnFire(trigger.onEventTime(time, window, ctx))
    },
    onProcessingTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
      return purgeOnFire(trigger.onProcessingTime(time, window, ctx))
    },
    onMerge(window: TimeWindow, ctx: TriggerMergeContext): void {
      trigger.onMerge(window, ctx)
    },
    clear(window: TimeWindow, ctx: TriggerContext): void {
      trigger.clear(window, ctx)
    },
  })
}
