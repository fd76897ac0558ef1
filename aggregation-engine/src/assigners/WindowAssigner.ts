import type { TimeDomain, TimeWindow } from '../types.js'
import type { Trigger } from '../triggers/Trigger.js'

/**
 * Puts an element into windows (Flink's `WindowAssigner`). Stateless: the operator passes the
 * time to assign by, the element's event time or, for `timeDomain: 'processing'`, the operator's
 * injected processing time.
 */
export interface WindowAssigner {
  /** Stable description (`tumbling(60000,0,event)`), stored in snapshots: a restore with other windows is refused. */
  readonly name: string
  /** Which clock `assign` is given and which clock closes (cleans up) the windows. */
  readonly timeDomain: TimeDomain
  /** Whether windows of one key merge (sessions): the operator then merges them Flink-style. */
  readonly isMerging: boolean
  /** The windows that `timestamp` belongs to (a fresh array; never empty). */
  assign(timestamp: number): readonly TimeWindow[]
  /** The trigger used when the operator is given none. */
  defaultTrigger(): Trigger
}
