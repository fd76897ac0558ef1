import { InvalidArgumentError } from '../errors.js'
import type { Json, TimeWindow } from '../types.js'
import type { Trigger, TriggerContext, TriggerMergeContext } from './Trigger.js'
import type { TriggerResult } from './TriggerResult.js'

function countOf(state: Json | undefined): number {
  return typeof state === 'number' ? state : 0
}

/**
 * Flink's `CountTrigger.of(n)`: counts the elements of each (key, window) and fires (without
 * purging) when the count reaches `n`, then starts counting from zero again. On merge the counts
 * add up (the merged window fires with its next element). State: the count, absent when zero.
 * @param n elements per firing, a positive integer.
 * @throws InvalidArgumentError when `n` is not a positive integer.
 * @example windowOperator({ assigner: globalWindows(), trigger: countTrigger(100), ... })
 */
export function countTrigger(n: number): Trigger {
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('count must be a positive integer')
  return Object.freeze({
    name: `count(${n})`,
    canMerge: true,
    onElement(_timestamp: number, _window: TimeWindow, ctx: TriggerContext): TriggerResult {
      const count = countOf(ctx.getState()) + 1
      if (count >= n) {
        ctx.setState(undefined)
        return 'FIRE'
      }
      ctx.setState(count)
      return 'CONTINUE'
    },
    onEventTime(): TriggerResult {
      return 'CONTINUE'
    },
    onProcessingTime(): TriggerResult {
      return 'CONTINUE'
    },
    onMerge(_window: TimeWindow, ctx: TriggerMergeContext): void {
      const sum = ctx.mergedStates.reduce<number>((total, state) => total + countOf(state), 0)
      ctx.setState(sum === 0 ? undefined : sum)
    },
    clear(_window: TimeWindow, ctx: TriggerContext): void {
      ctx.setState(undefined)
    },
  })
}
