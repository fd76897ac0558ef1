import type { Key } from '../../types.js'

/** The canonical key order of outputs and snapshots: numbers ascending, then strings by UTF-16 code units. */
export function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1
  if (typeof b === 'number') return 1
  return a < b ? -1 : a > b ? 1 : 0
}
