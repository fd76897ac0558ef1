/**
 * Size estimates (in JSON characters) of snapshot pieces. Every estimate is a pure function of
 * the state it describes, so an operator and its restored copy report the same `estimatedBytes()`.
 */
import type { Json, Key } from '../../types.js'

/** Fixed part of a snapshot: version, names, watermark, processing time, watermark generator. */
export const HEADER_BYTES = 160
/** Per window: field names, brackets and separators. */
export const GROUP_BYTES = 24
/** An entry without accumulator (its index in the `u` column). */
export const ABSENT_ACCUMULATOR_BYTES = 4
/** An entry's trigger state besides the state itself (its index in the `z` column). */
export const STATE_OVERHEAD_BYTES = 6
/** A timer time besides its digits (brackets and separators). */
export const TIMER_OVERHEAD_BYTES = 3
/** Per pending (retained) partial window besides its bounds. */
export const PENDING_GROUP_BYTES = 20

/** JSON length of a number. */
export function numberBytes(value: number): number {
  return String(value).length
}

/**
 * A key in the key column with its separator. Numeric keys are counted with all their digits:
 * the snapshot delta-encodes them, so this errs on the large side for non-negative keys.
 */
export function keyBytes(key: Key): number {
  return typeof key === 'number' ? numberBytes(key) + 1 : key.length + 3
}

/** JSON length of a value (with its separator); `fallback` when it is not serializable. */
export function jsonBytes(value: Json | undefined, fallback: number): number {
  try {
    const text = JSON.stringify(value)
    return typeof text === 'string' ? text.length + 1 : fallback
  } catch {
    return fallback
  }
}

/** The timer column of one window for one time: `[time]` when every entry has it, else `[time, i, j, ...]`. */
export function timerBytes(time: number, count: number, entries: number): number {
  const all = count >= entries
  return numberBytes(time) + TIMER_OVERHEAD_BYTES + (all ? 0 : count * (numberBytes(entries) + 1))
}
