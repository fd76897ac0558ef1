/** The versioned JSON form of an interval join, and its strict reader. */
import type { Json, Key } from '../../types.js'
import { SnapshotFormatError } from '../../errors.js'
import type { IntervalJoinKeyState, LeftEntry, RightEntry } from '../IntervalJoinKeyState.js'
import type { ResolvedIntervalJoin } from './resolveOptions.js'
import { sortCanonically } from './keyState.js'
import { NO_WATERMARK } from '../../watermarks/WatermarkGenerator.js'

const FORMAT = 'interval-join'
const VERSION = 1

/** Numbers before strings; numbers ascending; strings by UTF-16 code units. */
export function compareKeys(a: Key, b: Key): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

// "No watermark yet" is stored as null, and JSON has no Infinity (the end of the stream).
const encodeWatermark = (wm: number): Json => (wm === NO_WATERMARK ? null : wm === Infinity ? 'Infinity' : wm)

export function encodeSnapshot<L, R, OUT>(
  config: ResolvedIntervalJoin<L, R, OUT>,
  watermark: number,
  states: Array<[Key, IntervalJoinKeyState<L, R>]> | null,
): Json {
  const { lower, upper, lowerInclusive, upperInclusive } = config.bounds
  const keys = states
    ? states
        .sort((a, b) => compareKeys(a[0], b[0]))
        .map(([key, s]) => [key, { l: s.l.map((e) => [e[0], e[1], e[2]]), r: s.r.map((e) => [e[0], e[1]]) }] as Json)
    : null
  return {
    format: FORMAT,
    version: VERSION,
    bounds: [lower, upper, lowerInclusive, upperInclusive],
    outer: config.outer,
    watermark: encodeWatermark(watermark),
    keys,
  }
}

/** What a snapshot holds; `states` is null when the state lived in an external store. */
export interface DecodedSnapshot<L, R> {
  readonly watermark: number
  readonly states: Array<[Key, IntervalJoinKeyState<L, R>]> | null
}

const fail = (rule: string): never => {
  throw new SnapshotFormatError(`interval join snapshot: ${rule}`)
}
const decodeWatermark = (wm: unknown): number => {
  if (wm === null) return NO_WATERMARK
  if (wm === 'Infinity') return Infinity
  return typeof wm === 'number' && Number.isFinite(wm) ? wm : fail('watermark must be a number, null or "Infinity"')
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isTs = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)

/** Reads a snapshot written by {@link encodeSnapshot} for the same options; throws SnapshotFormatError on anything else. */
export function decodeSnapshot<L, R, OUT>(value: unknown, config: ResolvedIntervalJoin<L, R, OUT>): DecodedSnapshot<L, R> {
  if (!isObject(value) || value.format !== FORMAT) fail(`expected an object with format "${FORMAT}"`)
  const v = value as Record<string, unknown>
  if (v.version !== VERSION) fail(`version ${JSON.stringify(v.version)} is not readable (this code reads version ${VERSION})`)
  const { lower, upper, lowerInclusive, upperInclusive } = config.bounds
  const expected = JSON.stringify([lower, upper, lowerInclusive, upperInclusive])
  if (JSON.stringify(v.bounds) !== expected) fail(`it was taken with bounds ${JSON.stringify(v.bounds)}, the options say ${expected}`)
  if (v.outer !== config.outer) fail(`it was taken for outer ${JSON.stringify(v.outer)}, the options say "${config.outer}"`)
  const watermark = decodeWatermark(v.watermark)
  if (v.keys === null) return { watermark, states: null }
  if (!Array.isArray(v.keys)) fail('keys must be an array or null')
  const states: Array<[Key, IntervalJoinKeyState<L, R>]> = []
  const seen = new Set<Key>()
  for (const item of v.keys as unknown[]) {
    if (!Array.isArray(item) || item.length !== 2) fail('each key entry must be [key, state]')
    const [key, state] = item as [unknown, unknown]
    if (typeof key !== 'string' && !(typeof key === 'number' && Number.isFinite(key))) fail('keys must be strings or finite numbers')
    if (seen.has(key as Key)) fail(`key ${JSON.stringify(key)} appears twice`)
    seen.add(key as Key)
    states.push([key as Key, decodeKeyState(key as Key, state, config)])
  }
  return { watermark, states }
}

function decodeKeyState<L, R, OUT>(key: Key, value: unknown, config: ResolvedIntervalJoin<L, R, OUT>): IntervalJoinKeyState<L, R> {
  if (!isObject(value) || !Array.isArray(value.l) || !Array.isArray(value.r)) {
    fail(`state of key ${JSON.stringify(key)} must be {l: [...], r: [...]}`)
  }
  const s = value as { l: unknown[]; r: unknown[] }
  // Each element must still be the one its entry claims: same key, same timestamp, per the options' extractors.
  const l = s.l.map((e): LeftEntry<L> => {
    if (!Array.isArray(e) || e.length !== 3 || !isTs(e[0]) || (e[1] !== 0 && e[1] !== 1)) {
      fail('left entries must be [ts, 0|1, element]')
    }
    const [ts, matched, element] = e as [number, 0 | 1, L]
    if (config.leftKey(element) !== key || config.leftTimestamp(element) !== ts) {
      fail(`a left element does not belong to key ${JSON.stringify(key)} at ${ts}`)
    }
    return [ts, matched, element]
  })
  const r = s.r.map((e): RightEntry<R> => {
    if (!Array.isArray(e) || e.length !== 2 || !isTs(e[0])) fail('right entries must be [ts, element]')
    const [ts, element] = e as [number, R]
    if (config.rightKey(element) !== key || config.rightTimestamp(element) !== ts) {
      fail(`a right element does not belong to key ${JSON.stringify(key)} at ${ts}`)
    }
    return [ts, element]
  })
  if (l.length === 0 && r.length === 0) fail(`state of key ${JSON.stringify(key)} is empty`)
  sortCanonically(l, 2)
  sortCanonically(r, 1)
  return { l, r }
}
