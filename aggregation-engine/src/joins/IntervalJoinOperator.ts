import type { Json, Key } from '../types.js'
import { InvalidArgumentError } from '../errors.js'
import type { IntervalJoinKeyState, LeftEntry } from './IntervalJoinKeyState.js'
import type { KeyedStateStore } from './KeyedStateStore.js'
import type { InMemoryKeyedStateStore } from './InMemoryKeyedStateStore.js'
import type { ResolvedIntervalJoin } from './_internal/resolveOptions.js'
import { expire, insertSorted, leftCleanup, leftsMatching, nextTimer, rightCleanup, rightsMatching } from './_internal/keyState.js'
import { compareKeys, encodeSnapshot } from './_internal/snapshotCodec.js'

/** A left element no right element joined, emitted once when the watermark passes `ts + upperBound` (left-outer joins only). */
export interface UnmatchedLeft<L> {
  readonly key: Key
  readonly left: L
  readonly right: null
  /** The left element's timestamp. */
  readonly ts: number
}

/** What the join produced since the last {@link IntervalJoinOperator.takeOutputs}. */
export interface IntervalJoinOutputs<L, R, OUT> {
  /** Each matched pair exactly once, in the order the second element of the pair arrived. */
  readonly joined: OUT[]
  /** Left elements that never joined (left-outer only), ordered by timestamp then key within a watermark step. */
  readonly unmatched: UnmatchedLeft<L>[]
  /** Left elements whose timestamp was below the watermark on arrival: never joined, never dropped silently. */
  readonly lateLeft: L[]
  /** Right elements whose timestamp was below the watermark on arrival. */
  readonly lateRight: R[]
}

const emptyOutputs = <L, R, OUT>(): IntervalJoinOutputs<L, R, OUT> => ({ joined: [], unmatched: [], lateLeft: [], lateRight: [] })

/**
 * The running interval join (built by `intervalJoin` or `restoreIntervalJoin`): feed it elements
 * of both sides and watermarks, take its outputs, snapshot it between invocations.
 * Time only moves through {@link advanceWatermark}; nothing here reads a clock.
 */
export class IntervalJoinOperator<L, R, OUT> {
  private outputs: IntervalJoinOutputs<L, R, OUT> = emptyOutputs()

  /** @internal Use `intervalJoin` or `restoreIntervalJoin`. */
  constructor(
    private readonly config: ResolvedIntervalJoin<L, R, OUT>,
    private readonly store: KeyedStateStore<IntervalJoinKeyState<L, R>>,
    /** The store when the join owns it (then its content is part of the snapshot). */
    private readonly owned: InMemoryKeyedStateStore<IntervalJoinKeyState<L, R>> | undefined,
    private currentWatermark: number,
  ) {}

  /** The current event-time watermark: `NO_WATERMARK` before the first one, `Infinity` once the stream ended. */
  watermark(): number {
    return this.currentWatermark
  }

  /** Joins a left element with the buffered right elements of its key and buffers it while it can still match. */
  processLeft(left: L): void {
    const { bounds, outer } = this.config
    const ts = timestampOf('left', this.config.leftTimestamp(left))
    if (ts < this.currentWatermark) {
      this.outputs.lateLeft.push(left)
      return
    }
    const key = keyOf('left', this.config.leftKey(left))
    const state = this.store.get(key)
    let matched: 0 | 1 = 0
    if (state) {
      for (const [rightTs, right] of rightsMatching(bounds, state, ts)) {
        matched = 1
        this.outputs.joined.push(this.config.select(left, right, key, Math.max(ts, rightTs)))
      }
    }
    if (!(leftCleanup(bounds, ts) < this.currentWatermark)) {
      const next = state ?? { l: [], r: [] }
      insertSorted<LeftEntry<L>>(next.l, [ts, matched, left], 2)
      this.save(key, next)
    } else if (outer === 'left' && matched === 0) {
      // Possible with a negative upper bound: its interval is already behind the watermark.
      this.outputs.unmatched.push({ key, left, right: null, ts })
    }
  }

  /** Joins a right element with the buffered left elements of its key and buffers it while it can still match. */
  processRight(right: R): void {
    const { bounds } = this.config
    const ts = timestampOf('right', this.config.rightTimestamp(right))
    if (ts < this.currentWatermark) {
      this.outputs.lateRight.push(right)
      return
    }
    const key = keyOf('right', this.config.rightKey(right))
    const state = this.store.get(key)
    let changed = false
    if (state) {
      for (const entry of leftsMatching(bounds, state, ts)) {
        if (entry[1] === 0) {
          entry[1] = 1
          changed = true
        }
        this.outputs.joined.push(this.config.select(entry[2], right, key, Math.max(entry[0], ts)))
      }
    }
    if (!(rightCleanup(bounds, ts) < this.currentWatermark)) {
      const next = state ?? { l: [], r: [] }
      insertSorted(next.r, [ts, right], 1)
      this.save(key, next)
    } else if (changed && state) {
      this.save(key, state)
    }
  }

  /**
   * Moves event time forward (a watermark at or below the current one changes nothing): drops the
   * state nothing can match any more and, in a left-outer join, emits the left elements that never
   * joined. `Infinity` ends the stream: everything is flushed.
   */
  advanceWatermark(watermark: number): void {
    if (typeof watermark !== 'number' || Number.isNaN(watermark)) {
      throw new InvalidArgumentError(`intervalJoin: watermark must be a number, got ${String(watermark)}`)
    }
    if (watermark <= this.currentWatermark) return
    this.currentWatermark = watermark
    const lost: UnmatchedLeft<L>[] = []
    for (const key of this.store.dueKeys(watermark)) {
      const state = this.store.get(key)
      if (!state) continue
      const expired = expire(this.config.bounds, state, watermark)
      if (this.config.outer === 'left') {
        for (const [ts, matched, left] of expired) if (matched === 0) lost.push({ key, left, right: null, ts })
      }
      this.save(key, state)
    }
    // The store lists due keys in any order; outputs must not depend on it.
    lost.sort((a, b) => a.ts - b.ts || compareKeys(a.key, b.key))
    for (const u of lost) this.outputs.unmatched.push(u)
  }

  /** Returns the outputs produced since the last call, and forgets them. */
  takeOutputs(): IntervalJoinOutputs<L, R, OUT> {
    const taken = this.outputs
    this.outputs = emptyOutputs()
    return taken
  }

  /**
   * A compact, versioned JSON value from which `restoreIntervalJoin` rebuilds this join: the
   * watermark, the options that shape state, and — when the join owns its store — every key's
   * state (keys sorted, so equal states give equal bytes). Outputs not yet taken are not part of
   * it: take them first.
   */
  snapshot(): Json {
    const states = this.owned ? [...this.owned.entries()] : null
    return encodeSnapshot(this.config, this.currentWatermark, states)
  }

  private save(key: Key, state: IntervalJoinKeyState<L, R>): void {
    const timer = nextTimer(this.config.bounds, state)
    if (timer === undefined) this.store.delete(key)
    else this.store.set(key, state, timer)
  }
}

function timestampOf(side: 'left' | 'right', ts: unknown): number {
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) {
    throw new InvalidArgumentError(`intervalJoin: a ${side} timestamp must be an integer number of epoch milliseconds, got ${String(ts)}`)
  }
  return ts
}

function keyOf(side: 'left' | 'right', key: unknown): Key {
  if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) return key
  throw new InvalidArgumentError(`intervalJoin: a ${side} key must be a string or a finite number, got ${String(key)}`)
}
