import type { IntervalJoinKeyState } from '../../joins/IntervalJoinKeyState.js'
import type { KeyedStateStore } from '../../joins/KeyedStateStore.js'
import { expire, type Bounds } from '../../joins/_internal/keyState.js'
import type { Json, Key } from '../../types.js'
import type { KeyedState } from '../WindowJob.js'

/** The external state key of a join key: what `defineWindowJob` declares for a record's partition key. */
export const joinStateKey = (key: Key): string => `join:${String(key)}`

/**
 * An inner interval join's per-key state in the adapter's external {@link KeyedState}, one entry
 * per join key (which is the record's partition key, so a record only touches its own entry).
 *
 * Nothing is due on a timer: expiry happens when a key is read. For an inner join that changes no
 * output — an entry the watermark has passed can no longer match anything that is not late — so
 * dropping it late only costs storage until the key is next written or the backend expires it.
 * A left-outer join needs timers across keys (a lost bid must come out on a quiet key), which this
 * store cannot give, so the job helper offers inner joins only.
 */
export class PartitionKeyedJoinStore<E> implements KeyedStateStore<IntervalJoinKeyState<E, E>> {
  constructor(
    private readonly state: KeyedState,
    private readonly bounds: Bounds,
    /** The join's current watermark. */
    private readonly now: () => number,
  ) {}

  get(key: Key): IntervalJoinKeyState<E, E> | undefined {
    const stored = this.state.get(joinStateKey(key))
    if (stored === undefined || stored === null) return undefined
    // The join mutates what it gets; values fetched from a backend (or a warm cache) must stay as they are.
    const copy = structuredClone(stored) as unknown as IntervalJoinKeyState<E, E>
    expire(this.bounds, copy, this.now())
    return copy.l.length + copy.r.length === 0 ? undefined : copy
  }

  set(key: Key, state: IntervalJoinKeyState<E, E>): void {
    this.state.set(joinStateKey(key), state as unknown as Json)
  }

  delete(key: Key): void {
    this.state.set(joinStateKey(key), null)
  }

  dueKeys(): Key[] {
    return []
  }
}
