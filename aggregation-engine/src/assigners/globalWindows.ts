import type { TimeWindow } from '../types.js'
import { neverTrigger } from '../triggers/neverTrigger.js'
import { GLOBAL_WINDOW } from '../windows/GlobalWindow.js'
import type { WindowAssigner } from './WindowAssigner.js'

const GLOBAL_WINDOWS: WindowAssigner = Object.freeze({
  name: 'global',
  timeDomain: 'event',
  isMerging: false,
  assign(): TimeWindow[] {
    return [GLOBAL_WINDOW]
  },
  defaultTrigger: neverTrigger,
})

/**
 * One window per key spanning all of time (Flink's `GlobalWindows.create()`): nothing is ever
 * late and the window is never cleaned up. Its default trigger never fires, so give the operator
 * a trigger (e.g. `countTrigger(n)`), or read the accumulators with `flushPartials()`.
 * Firings of a global window are reported as `'early'` (the watermark never reaches its end).
 */
export function globalWindows(): WindowAssigner {
  return GLOBAL_WINDOWS
}
