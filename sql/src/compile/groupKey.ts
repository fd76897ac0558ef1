import type { Key } from '@sdp/aggregation-engine'
import type { RowInput, SqlValue } from './evaluate.js'

/** The window key of a NULL group value: no string a source column holds. */
const NULL_KEY = '\u0000NULL'

/** How a group's key values become the engine's window key, and back. */
export interface GroupKey {
  readonly key: (input: RowInput) => Key
  readonly values: (key: Key) => SqlValue[]
}

/**
 * The window key of GROUP BY values. One key (the usual case) is its value itself, so the results
 * store is read by `?key=<campaign>`; several are a JSON array; none is one constant key.
 */
export function groupKey(keyFns: ReadonlyArray<(input: RowInput) => SqlValue>): GroupKey {
  if (keyFns.length === 0) return { key: () => 0, values: () => [] }
  if (keyFns.length === 1) {
    const f = keyFns[0]!
    return {
      key: (input) => {
        const v = f(input)
        return v === null ? NULL_KEY : typeof v === 'boolean' ? String(v) : v
      },
      values: (key) => [key === NULL_KEY ? null : key],
    }
  }
  return {
    key: (input) => JSON.stringify(keyFns.map((f) => f(input))),
    values: (key) => JSON.parse(String(key)) as SqlValue[],
  }
}
