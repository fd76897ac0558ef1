import type { Trigger } from '../../triggers/Trigger.js'
import type { AggregateFunction, Json, Key, TimeWindow } from '../../types.js'
import { coverWindows, windowsIntersect } from '../../windows/TimeWindow.js'
import type { OperatorTriggerContext } from './OperatorTriggerContext.js'
import type { Group, WindowTable } from './WindowTable.js'

/** What session merging needs from the operator. */
export interface MergeDeps<ACC> {
  readonly table: WindowTable<ACC>
  readonly trigger: Trigger
  readonly aggregate: AggregateFunction<never, ACC, unknown>
  readonly context: OperatorTriggerContext<ACC>
}

/** Result of placing a new window among a key's windows. */
export type SessionPlacement<ACC> =
  | { readonly kind: 'new' }
  | { readonly kind: 'existing'; readonly group: Group<ACC> }
  | { readonly kind: 'merge'; readonly window: TimeWindow; readonly sources: readonly Group<ACC>[] }

/**
 * Flink's `MergingWindowSet.addWindow` for one key: the key's windows never overlap or touch, so
 * a new window either stands alone, lies inside one of them (no merge), or merges with all it
 * intersects (overlap or touch) into their cover.
 */
export function placeSessionWindow<ACC>(table: WindowTable<ACC>, key: Key, window: TimeWindow): SessionPlacement<ACC> {
  const sources = table
    .windowsOf(key)
    .filter((group) => windowsIntersect(group.window, window))
    .sort((a, b) => a.window.start - b.window.start)
  if (sources.length === 0) return { kind: 'new' }
  const covering = sources.reduce((cover, group) => coverWindows(cover, group.window), window)
  const only = sources[0]
  if (sources.length === 1 && only !== undefined && only.window.start === covering.start && only.window.end === covering.end) {
    return { kind: 'existing', group: only }
  }
  return { kind: 'merge', window: covering, sources }
}

/**
 * Merges a key's `sources` windows into `window` (Flink's merge callback in `WindowOperator`):
 * accumulators merge in window order, the trigger's `onMerge` runs on the merged window with the
 * sources' states, then each source is cleared (`trigger.clear`) and removed with its timers.
 * Returns the merged window's group.
 */
export function mergeSessionWindows<ACC>(deps: MergeDeps<ACC>, key: Key, window: TimeWindow, sources: readonly Group<ACC>[]): Group<ACC> {
  const { table, trigger, aggregate, context } = deps
  const target = table.group(window)
  const entry = table.entry(target, key)
  let merged: ACC | undefined
  const states: (Json | undefined)[] = []
  for (const source of sources) {
    const sourceEntry = source.entries.get(key)
    if (sourceEntry === undefined) continue
    if (sourceEntry.acc !== undefined) merged = merged === undefined ? sourceEntry.acc : aggregate.merge(merged, sourceEntry.acc)
    states.push(sourceEntry.state)
  }
  trigger.onMerge(window, context.bind(target, key, entry, states))
  for (const source of sources) {
    const sourceEntry = source.entries.get(key)
    if (sourceEntry === undefined) continue
    trigger.clear(source.window, context.bind(source, key, sourceEntry))
    table.removeEntry(source, key)
  }
  table.setAccumulator(entry, merged)
  return target
}
