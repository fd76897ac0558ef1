/** Checks interval-join options once, at the door, and fills in the defaults. */
import type { Key } from '../../types.js'
import { InvalidArgumentError } from '../../errors.js'
import type { IntervalJoinOptions, IntervalJoinOuter, JoinedPair } from '../intervalJoin.js'
import type { IntervalJoinKeyState } from '../IntervalJoinKeyState.js'
import type { KeyedStateStore } from '../KeyedStateStore.js'
import type { Bounds } from './keyState.js'

/** Options after validation, with defaults applied. */
export interface ResolvedIntervalJoin<L, R, OUT> {
  readonly leftKey: (left: L) => Key
  readonly rightKey: (right: R) => Key
  readonly leftTimestamp: (left: L) => number
  readonly rightTimestamp: (right: R) => number
  readonly bounds: Bounds
  readonly outer: IntervalJoinOuter
  readonly select: (left: L, right: R, key: Key, ts: number) => OUT
  readonly store: KeyedStateStore<IntervalJoinKeyState<L, R>> | undefined
}

const fail = (rule: string): never => {
  throw new InvalidArgumentError(`intervalJoin: ${rule}`)
}

export function resolveOptions<L, R, OUT>(options: IntervalJoinOptions<L, R, OUT>): ResolvedIntervalJoin<L, R, OUT> {
  if (typeof options !== 'object' || options === null) fail('options must be an object')
  requireExtractors(options)
  const bounds = boundsOf(options)
  const outer = outerOf(options.outer)
  if (options.select !== undefined && typeof options.select !== 'function') fail('select must be a function when given')
  const store = requireStore(options.store)
  const select = options.select ?? ((left: L, right: R, key: Key, ts: number): OUT => ({ key, left, right, ts }) as JoinedPair<L, R> as OUT)
  return {
    leftKey: options.leftKey,
    rightKey: options.rightKey,
    leftTimestamp: options.leftTimestamp,
    rightTimestamp: options.rightTimestamp,
    bounds,
    outer,
    select,
    store,
  }
}

/** The four key and timestamp extractors must be functions. */
function requireExtractors(options: Record<'leftKey' | 'rightKey' | 'leftTimestamp' | 'rightTimestamp', unknown>): void {
  for (const name of ['leftKey', 'rightKey', 'leftTimestamp', 'rightTimestamp'] as const) {
    if (typeof options[name] !== 'function') fail(`${name} must be a function`)
  }
}

/** Integer bounds in order, inclusive by default, and not describing an empty interval. */
function boundsOf(options: Pick<IntervalJoinOptions<unknown, unknown>, 'lowerBound' | 'upperBound' | 'lowerInclusive' | 'upperInclusive'>): Bounds {
  const { lowerBound: lower, upperBound: upper } = options
  if (!Number.isSafeInteger(lower)) fail(`lowerBound must be an integer number of milliseconds, got ${String(lower)}`)
  if (!Number.isSafeInteger(upper)) fail(`upperBound must be an integer number of milliseconds, got ${String(upper)}`)
  if (lower > upper) fail(`lowerBound must be <= upperBound (got ${lower} > ${upper})`)
  const lowerInclusive = options.lowerInclusive ?? true
  const upperInclusive = options.upperInclusive ?? true
  if (typeof lowerInclusive !== 'boolean' || typeof upperInclusive !== 'boolean') fail('lowerInclusive and upperInclusive must be booleans')
  if (lower === upper && !(lowerInclusive && upperInclusive)) {
    fail('lowerBound must be < upperBound when a bound is exclusive (the interval would be empty)')
  }
  return { lower, upper, lowerInclusive, upperInclusive }
}

function outerOf(given: IntervalJoinOuter | undefined): IntervalJoinOuter {
  const outer = given ?? 'inner'
  if (outer !== 'inner' && outer !== 'left') fail(`outer must be 'inner' or 'left', got ${JSON.stringify(outer)}`)
  return outer
}

/** An external store, when given, must offer the whole keyed-state interface. */
function requireStore<S>(store: KeyedStateStore<S> | undefined): KeyedStateStore<S> | undefined {
  if (store !== undefined && !(['get', 'set', 'delete', 'dueKeys'] as const).every((m) => typeof store?.[m] === 'function')) {
    fail('store must implement get, set, delete and dueKeys')
  }
  return store
}
