import type { Trigger } from './Trigger.js'
import type { TriggerResult } from './TriggerResult.js'

const continueAlways = (): TriggerResult => 'CONTINUE'

const NEVER_TRIGGER: Trigger = Object.freeze({
  name: 'never',
  canMerge: true,
  onElement: continueAlways,
  onEventTime: continueAlways,
  onProcessingTime: continueAlways,
  onMerge: (): void => {},
  clear: (): void => {},
})

/**
 * A trigger that never fires (Flink's `GlobalWindows.NeverTrigger`), the default of
 * `globalWindows()`: give global windows a trigger of their own (e.g. `countTrigger(n)`), or
 * read their contents with `flushPartials()`.
 */
export function neverTrigger(): Trigger {
  return NEVER_TRIGGER
}
