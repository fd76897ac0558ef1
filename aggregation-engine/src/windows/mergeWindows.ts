import type { TimeWindow } from '../types.js'
import { coverWindows, windowsIntersect } from './TimeWindow.js'

/** One result of `mergeWindows`: the covering window and the input windows it replaces. */
export interface WindowMerge {
  readonly window: TimeWindow
  readonly members: readonly TimeWindow[]
}

/**
 * Flink's session merge (`TimeWindow.mergeWindows`): sorts the windows by start and merges every
 * run of overlapping **or touching** windows into `[min start, max end)`.
 * Returns every resulting window with its members, ordered by start; a window that merged with
 * nothing comes back as its own single member.
 * @example mergeWindows([{start: 0, end: 5}, {start: 5, end: 9}, {start: 20, end: 25}])
 * // [{window: {start: 0, end: 9}, members: [..2]}, {window: {start: 20, end: 25}, members: [..1]}]
 */
export function mergeWindows(windows: readonly TimeWindow[]): WindowMerge[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start || a.end - b.end)
  const merges: { window: TimeWindow; members: TimeWindow[] }[] = []
  let current: { window: TimeWindow; members: TimeWindow[] } | undefined
  for (const candidate of sorted) {
    if (current !== undefined && windowsIntersect(current.window, candidate)) {
      current.window = coverWindows(current.window, candidate)
      current.members.push(candidate)
    } else {
      current = { window: candidate, members: [candidate] }
      merges.push(current)
    }
  }
  return merges
}
