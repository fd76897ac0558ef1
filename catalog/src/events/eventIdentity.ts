import type { StreamEventType } from '../constants.js'

/** The de-duplication identity of an ad event: `` `${type}:${tx_id}` ``. */
export type EventIdentity = `${StreamEventType}:${string}`

/**
 * The identity under which an ad event counts once: the same `(type, tx_id)` sent twice is one
 * event. Join indexes, de-duplication and lake rows all key on it.
 *
 * @example
 * ```ts
 * eventIdentity({ type: 'imp', tx_id: '44db4cf3' }) // 'imp:44db4cf3'
 * ```
 */
export function eventIdentity(event: { readonly type: StreamEventType; readonly tx_id: string }): EventIdentity {
  return `${event.type}:${event.tx_id}`
}
