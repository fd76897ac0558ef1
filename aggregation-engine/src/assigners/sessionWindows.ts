import type { TimeDomain, TimeWindow } from '../types.js'
import { eventTimeTrigger } from '../triggers/eventTimeTrigger.js'
import { processingTimeTrigger } from '../triggers/processingTimeTrigger.js'
import type { WindowAssigner } from './WindowAssigner.js'
import { requirePositiveInteger, requireTimeDomain } from './_internal/validate.js'

/** Options of `sessionWindows`. */
export interface SessionWindowsOptions {
  /** Inactivity gap in milliseconds that closes a session, a positive integer. */
  readonly gap: number
  /** Assign by event time or by the operator's injected processing time. @default 'event' */
  readonly timeDomain?: TimeDomain
}

/**
 * Session windows per key: Flink's `EventTimeSessionWindows.withGap(gap)`. Each element gets
 * `[ts, ts + gap)`; the operator then merges a key's overlapping **or touching** windows into
 * `[min start, max end)` (a merging assigner), so a late element can bridge two sessions.
 * @throws InvalidArgumentError when gap is not a positive integer.
 * @example sessionWindows({ gap: 30_000 }).assign(1_000) // [{ start: 1000, end: 31000 }]
 */
export function sessionWindows(options: SessionWindowsOptions): WindowAssigner {
  const gap = requirePositiveInteger(options.gap, 'gap')
  const timeDomain = requireTimeDomain(options.timeDomain)
  return Object.freeze({
    name: `session(${gap},${timeDomain})`,
    timeDomain,
    isMerging: true,
    assign(timestamp: number): TimeWindow[] {
      return [{ start: timestamp, end: timestamp + gap }]
    },
    defaultTrigger: timeDomain === 'event' ? eventTimeTrigger : processingTimeTrigger,
  })
}
