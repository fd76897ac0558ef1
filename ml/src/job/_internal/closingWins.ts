import type { Key, KeyedStateStore } from '@sdp/aggregation-engine'
import type { BidElement, JoinEntry } from '../joinElements.js'

/** A joined bid whose interval closed: its label can no longer change. */
export interface ClosedWin {
  readonly key: string
  readonly bid: BidElement
  /** The bid's timestamp. */
  readonly ts: number
}

/** A {@link KeyedStateStore} that also hands out the joined bids whose join interval closes. */
export interface ClosingWinsStore extends KeyedStateStore<JoinEntry> {
  /** The joined bids closed since the last call, and forgets them. */
  takeClosedWins(): ClosedWin[]
}

/**
 * Wraps the join's store so that a joined bid is reported when its interval closes, as the
 * left-outer join reports an unmatched one. The engine's join drops a matched left element
 * silently when the watermark passes `ts + upperBound`; the training job needs that moment,
 * because only then is a win as final as a loss, and emitting both at the same moment is what
 * makes the learner see bids in bid-time order whatever their label.
 *
 * Reads each due key's state just before the join expires it, and applies the join's own cleanup
 * rule (`watermark > ts + upperBound`, see the engine's `leftCleanup`), so a bid closes in exactly
 * the watermark step in which an unmatched one would be emitted. Nothing is stored twice: the
 * joined bid already waits in the join's state until then (duplicates of its impression need it).
 */
export function closingWins(inner: KeyedStateStore<JoinEntry>, upperBound: number): ClosingWinsStore {
  let closed: ClosedWin[] = []
  return {
    get: (key: Key) => inner.get(key),
    set: (key: Key, state: JoinEntry, timer: number) => inner.set(key, state, timer),
    delete: (key: Key) => inner.delete(key),
    dueKeys(watermark: number) {
      const keys = inner.dueKeys(watermark)
      for (const key of keys) {
        for (const [ts, matched, bid] of inner.get(key)?.l ?? []) {
          if (matched === 1 && ts + upperBound < watermark) closed.push({ key: String(key), bid, ts })
        }
      }
      return keys
    },
    takeClosedWins() {
      const taken = closed
      closed = []
      return taken
    },
  }
}
