import type { Key } from '../types.js'
import type { IntervalJoinKeyState } from './IntervalJoinKeyState.js'
import type { KeyedStateStore } from './KeyedStateStore.js'
import { IntervalJoinOperator } from './IntervalJoinOperator.js'
import { InMemoryKeyedStateStore } from './InMemoryKeyedStateStore.js'
import { resolveOptions } from './_internal/resolveOptions.js'
import { NO_WATERMARK } from '../watermarks/WatermarkGenerator.js'

/** `'inner'`: only pairs. `'left'`: also every left element no right element joined, once, when its interval has passed. */
export type IntervalJoinOuter = 'inner' | 'left'

/** The default output of the join: both elements, their key, and `max(left.ts, right.ts)` as Flink stamps it. */
export interface JoinedPair<L, R> {
  readonly key: Key
  readonly left: L
  readonly right: R
  readonly ts: number
}

/** Options of {@link intervalJoin}. Elements must be JSON-safe when the state is snapshotted or kept in an external store. */
export interface IntervalJoinOptions<L, R, OUT = JoinedPair<L, R>> {
  /** Key of a left element: a string or a finite number. */
  readonly leftKey: (left: L) => Key
  /** Key of a right element: a string or a finite number. */
  readonly rightKey: (right: R) => Key
  /** Event time of a left element: integer epoch milliseconds. */
  readonly leftTimestamp: (left: L) => number
  /** Event time of a right element: integer epoch milliseconds. */
  readonly rightTimestamp: (right: R) => number
  /** Integer ms, may be negative: a right `r` joins a left `l` when `l.ts + lowerBound <= r.ts`. */
  readonly lowerBound: number
  /** Integer ms, may be negative, `>= lowerBound`: … and `r.ts <= l.ts + upperBound`. */
  readonly upperBound: number
  /** @default true (Flink's default; `false` is `.lowerBoundExclusive()`) */
  readonly lowerInclusive?: boolean
  /** @default true (Flink's default; `false` is `.upperBoundExclusive()`) */
  readonly upperInclusive?: boolean
  /** @default 'inner' */
  readonly outer?: IntervalJoinOuter
  /** Builds each output from a matched pair (Flink's ProcessJoinFunction). @default a {@link JoinedPair} */
  readonly select?: (left: L, right: R, key: Key, ts: number) => OUT
  /**
   * Where per-key state lives. @default a fresh {@link InMemoryKeyedStateStore}, owned by the
   * join and included in its snapshot; a store given here is not (it persists on its own).
   */
  readonly store?: KeyedStateStore<IntervalJoinKeyState<L, R>>
}

/** The options of {@link intervalJoin} when a `select` function shapes the output. */
export type IntervalJoinOptionsWithSelect<L, R, OUT> = IntervalJoinOptions<L, R, OUT> & {
  readonly select: (left: L, right: R, key: Key, ts: number) => OUT
}

/**
 * A keyed event-time interval join with Flink's semantics: `l` and `r` with the same key join
 * when `l.ts + lowerBound <= r.ts <= l.ts + upperBound` (both bounds inclusive unless configured
 * otherwise). Each pair is emitted exactly once, whatever the arrival order; an element whose
 * timestamp is below the watermark is late and goes to a side output. State is cleaned up as the
 * watermark passes: a left element once `wm > l.ts + upperBound`, a right one once
 * `wm > r.ts - lowerBound`. With `outer: 'left'` a left element that never joined is emitted once,
 * when its cleanup comes (a "lost bid"), which Flink's interval join cannot do.
 *
 * Throws InvalidArgumentError naming the rule when an option is invalid.
 *
 * @example
 * const bidToImpression = intervalJoin({
 *   leftKey: (bid: Bid) => bid.tx_id,
 *   rightKey: (imp: Impression) => imp.tx_id,
 *   leftTimestamp: (bid) => bid.ts,
 *   rightTimestamp: (imp) => imp.ts,
 *   lowerBound: 0,
 *   upperBound: 5 * 60_000,
 *   outer: 'left',
 * })
 * bidToImpression.processLeft(bid)
 * bidToImpression.processRight(impression)
 * bidToImpression.advanceWatermark(maxTs - 5_000 - 1)
 * const { joined, unmatched, lateLeft, lateRight } = bidToImpression.takeOutputs()
 */
export function intervalJoin<L, R>(options: IntervalJoinOptions<L, R>): IntervalJoinOperator<L, R, JoinedPair<L, R>>
export function intervalJoin<L, R, OUT>(options: IntervalJoinOptionsWithSelect<L, R, OUT>): IntervalJoinOperator<L, R, OUT>
export function intervalJoin<L, R, OUT>(options: IntervalJoinOptions<L, R, OUT>): IntervalJoinOperator<L, R, OUT> {
  const config = resolveOptions(options)
  const owned = config.store ? undefined : new InMemoryKeyedStateStore<IntervalJoinKeyState<L, R>>()
  return new IntervalJoinOperator(config, config.store ?? (owned as InMemoryKeyedStateStore<IntervalJoinKeyState<L, R>>), owned, NO_WATERMARK)
}
