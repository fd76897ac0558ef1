import { eventTimeTrigger, type TimeWindow, type WindowAssigner } from '@sdp/aggregation-engine'

/**
 * Flink SQL's CUMULATE windows as an engine assigner: windows of `size` aligned to the epoch, each
 * reported at every `step` as it grows — `[s, s + step)`, `[s, s + 2 step)`, … `[s, s + size)`. An
 * event belongs to every window of its `size` period that ends after it. Not merging, so they leave
 * as partials like sliding windows.
 *
 * @param step a positive integer of ms that divides `size`
 */
export function cumulatingWindows(step: number, size: number): WindowAssigner {
  return Object.freeze({
    name: `cumulating(${size},${step})`,
    timeDomain: 'event' as const,
    isMerging: false,
    assign(timestamp: number): TimeWindow[] {
      const start = Math.floor(timestamp / size) * size
      const windows: TimeWindow[] = []
      for (let end = start + (Math.floor((timestamp - start) / step) + 1) * step; end <= start + size; end += step) windows.push({ start, end })
      return windows
    },
    defaultTrigger: eventTimeTrigger,
  })
}
